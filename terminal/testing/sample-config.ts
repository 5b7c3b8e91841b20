/**
 * For tests only: a whole terminal configuration as a facility would write it (the files it names do
 * not exist), for checks of the configuration and the settings built on it.
 */
export const SAMPLE_CONFIG_INPUT = {
  facility: { medicalInstitutionCode: '1399999999', consentCategories: ['pharmaceutical'], issuesElectronicPrescriptions: false },
  kiosks: [{ id: 'kiosk-1', readerName: 'Virtual PCD 00 00', cardFront: 'printed-fields' }],
  central: { url: 'https://127.0.0.1:8443', caCertificate: 'ca.pem', clientCertificate: 'c.pem', clientKey: 'k.pem', readerCertificate: 'r.pem', readerKey: 'rk.pem' },
  certificates: { trustStore: 'ca', ocspUrl: 'http://127.0.0.1:1/ocsp', cardFacePublicKey: 'key.der' },
  face: { framesPerAttempt: 6 },
  store: { file: 'terminal.sqlite' },
  faceFolder: { path: 'face', encoding: 'Shift_JIS' },
  languages: ['ja'],
  timeouts: {},
} as const;
