import QRCode from 'qrcode';

/**
 * A QR symbol of bytes (byte mode, no ECI: お薬手帳 readers take the bytes as Shift_JIS), drawn as
 * vector rectangles so it stays sharp at any print or render resolution. Error correction M.
 */
export const QR_QUIET_ZONE_MODULES = 4;

export interface QrSymbol {
  readonly version: number;
  /** Modules per side, without the quiet zone. */
  readonly size: number;
  isDark(row: number, column: number): boolean;
}

export function qrSymbolOf(payload: Uint8Array): QrSymbol {
  const qr = QRCode.create([{ data: payload, mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const modules = qr.modules;
  return { version: qr.version, size: modules.size, isDark: (row, column) => modules.get(row, column) === 1 };
}

/**
 * Draws `symbol` with its top-left module at (x, y); the caller leaves the quiet zone free. Runs of
 * dark modules in a row become one rectangle each, which keeps the page's drawing short.
 */
export function drawQr(doc: PDFKit.PDFDocument, symbol: QrSymbol, x: number, y: number, moduleSize: number): void {
  for (let row = 0; row < symbol.size; row += 1) {
    let column = 0;
    while (column < symbol.size) {
      if (!symbol.isDark(row, column)) {
        column += 1;
        continue;
      }
      const start = column;
      while (column < symbol.size && symbol.isDark(row, column)) column += 1;
      doc.rect(x + start * moduleSize, y + row * moduleSize, (column - start) * moduleSize, moduleSize);
    }
  }
  doc.fillColor('black').fill();
}
