import type { Language } from '../i18n/catalogue';

/** The BCP 47 tag a voice of each kiosk language carries. */
const VOICE_LANGUAGE: Readonly<Record<Language, string>> = { ja: 'ja', en: 'en', zh: 'zh', ko: 'ko', vi: 'vi' };

/**
 * Voice guidance: says a screen's words in the chosen language where the machine has a voice for it,
 * and stays silent (the captions still show every word) where it has none — never a Japanese voice
 * reading Vietnamese.
 */
export class Voice {
  constructor(private readonly synthesis: SpeechSynthesis | undefined = globalThis.speechSynthesis) {}

  /** Says `text`, cutting off whatever was being said; false when no voice speaks `language`. */
  say(text: string, language: Language): boolean {
    const synthesis = this.synthesis;
    if (synthesis === undefined) return false;
    const voice = this.voiceFor(language);
    synthesis.cancel();
    if (voice === undefined || text === '') return false;
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.rate = 0.9;
    synthesis.speak(utterance);
    return true;
  }

  /** Stops speaking (a screen that changes mid-sentence must not go on about the last one). */
  hush(): void {
    this.synthesis?.cancel();
  }

  private voiceFor(language: Language): SpeechSynthesisVoice | undefined {
    const prefix = VOICE_LANGUAGE[language];
    const voices = this.synthesis?.getVoices() ?? [];
    const matching = voices.filter((voice) => voice.lang.toLowerCase().replace('_', '-').split('-')[0] === prefix);
    return matching.find((voice) => voice.localService) ?? matching[0];
  }
}
