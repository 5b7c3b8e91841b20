// The demo panel (demo only): puts a fixture person's card on a virtual reader or takes it off, and
// chooses who the fake camera shows. It talks to the demo routes of the terminal; nothing here is part
// of the product.

interface DemoState {
  readonly persons: readonly { id: string; name: string; purpose: string; photo: string | null; faceOnlyCard: boolean }[];
  readonly readers: readonly { reader: number; kioskId: string; personId: string | null }[];
  readonly camera: { showing: string; scenes: readonly string[] } | null;
}

const REFRESH_MS = 2000;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attributes: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

async function call(method: string, path: string, body?: unknown): Promise<void> {
  const response = await fetch(path, {
    method,
    cache: 'no-store',
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!response.ok) {
    const answer = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    throw new Error(`${answer.error?.code ?? response.status}: ${answer.error?.message ?? ''}`);
  }
}

function say(text: string): void {
  const status = document.getElementById('status');
  if (status) status.textContent = text;
}

function personLabel(person: DemoState['persons'][number]): string {
  return `${person.name}（${person.id}${person.faceOnlyCard ? '・顔認証カード' : ''}）`;
}

function renderReaders(state: DemoState, refresh: () => void): void {
  const container = document.getElementById('readers');
  if (!container) return;
  container.replaceChildren(
    ...state.readers.map((reader) => {
      const select = element('select', undefined, { 'aria-label': `reader ${reader.reader} person`, 'data-testid': `person-${reader.reader}` });
      for (const person of state.persons) {
        const option = element('option', personLabel(person), { value: person.id, title: person.purpose });
        if (person.id === reader.personId) option.selected = true;
        select.append(option);
      }
      const insert = element('button', 'カードを置く / Insert', { type: 'button', 'data-testid': `insert-${reader.reader}` });
      insert.addEventListener('click', () => {
        call('PUT', `/api/demo/readers/${reader.reader}/card`, { personId: select.value }).then(refresh, (error: Error) => say(error.message));
      });
      const remove = element('button', 'カードを取る / Remove', { type: 'button', 'data-testid': `remove-${reader.reader}` });
      remove.addEventListener('click', () => {
        call('DELETE', `/api/demo/readers/${reader.reader}/card`).then(refresh, (error: Error) => say(error.message));
      });
      const holder = state.persons.find((person) => person.id === reader.personId);
      const link = element('a', `${reader.kioskId} の受付画面を開く / open the kiosk`, { href: `/kiosk/?kiosk=${encodeURIComponent(reader.kioskId)}`, target: '_blank' });
      const card = element('div', undefined, { class: 'reader' });
      card.append(
        element('h3', `リーダー ${reader.reader}（${reader.kioskId}）`),
        element('p', holder ? `置かれているカード: ${personLabel(holder)}` : 'カードなし / no card'),
        select,
        insert,
        remove,
        element('p'),
        link,
      );
      return card;
    }),
  );
}

function renderCamera(state: DemoState, refresh: () => void): void {
  const container = document.getElementById('camera');
  if (!container) return;
  if (state.camera === null) {
    container.replaceChildren(element('p', '模擬カメラの映像がありません / no fake camera clips'));
    return;
  }
  const camera = state.camera;
  const buttons = camera.scenes.map((scene) => {
    const people = state.persons.filter((person) => person.photo === scene).map((person) => person.name);
    const label = scene === 'nobody' ? '誰もいない / nobody' : `${people.join('・') || scene}（${scene}）`;
    const button = element('button', label, { type: 'button', 'aria-pressed': String(scene === camera.showing), 'data-testid': `scene-${scene}` });
    button.addEventListener('click', () => {
      call('PUT', '/api/demo/camera', { scene }).then(refresh, (error: Error) => say(error.message));
    });
    return button;
  });
  container.replaceChildren(...buttons);
}

let shown = '';

async function refresh(): Promise<void> {
  try {
    const response = await fetch('/api/demo/state', { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const text = await response.text();
    // Drawn again only when something changed, so a person picked in a list stays picked.
    if (text === shown) return;
    shown = text;
    const state = JSON.parse(text) as DemoState;
    const again = (): void => void refresh();
    renderReaders(state, again);
    renderCamera(state, again);
    say('');
  } catch (error) {
    say(`端末に接続できません / cannot reach the terminal (${error instanceof Error ? error.message : String(error)})`);
  }
}

void refresh();
setInterval(() => void refresh(), REFRESH_MS);
