import PDFDocument from 'pdfkit';
import { japanTimeText } from '../export-text';
import type { ExportFont } from './export-font';

/**
 * An A4 export under way: the page frame every export shares (a header with the title, the facility,
 * the patient's name and the period; a footer with the page number and the time it was made) and the
 * few drawing steps the renderers need, with page breaks. Headers and footers are written when the
 * document is finished, once the page count is known.
 */
export interface PageFrame {
  readonly title: string;
  /** The facility printing it (医療機関名). */
  readonly facility: string;
  readonly patientName: string;
  /** e.g. `表示期間: 2021年9月～2021年9月`. */
  readonly period: string;
  /** When it was made; printed in Japan time. */
  readonly createdAt: Date;
}

export interface Column {
  readonly width: number;
  readonly align?: 'left' | 'right' | 'center';
}

export interface CellStyle {
  readonly size?: number;
  readonly fill?: string;
  readonly bold?: boolean;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 36;
const HEADER_HEIGHT = 46;
const FOOTER_HEIGHT = 24;
const FONT_NAME = 'export-jp';
const CELL_PADDING = 3;
export const BODY_SIZE = 8.5;

export class ExportDocument {
  readonly doc: PDFKit.PDFDocument;
  readonly left = MARGIN;
  readonly width = A4[0] - 2 * MARGIN;
  private readonly top = MARGIN + HEADER_HEIGHT;
  private readonly bottom = A4[1] - MARGIN - FOOTER_HEIGHT;
  private readonly chunks: Buffer[] = [];
  private readonly ended: Promise<void>;

  constructor(
    font: ExportFont,
    private readonly frame: PageFrame,
  ) {
    this.doc = new PDFDocument({
      size: A4,
      margins: { top: this.top, bottom: MARGIN, left: MARGIN, right: MARGIN },
      bufferPages: true,
      compress: true,
      // No patient data in the document's metadata: the title is the kind of list only.
      info: { Title: frame.title, Producer: 'oqs-reception-terminal', Creator: 'oqs-reception-terminal', CreationDate: frame.createdAt },
    });
    this.ended = new Promise((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
      this.doc.on('end', () => resolve());
      this.doc.on('error', reject);
    });
    // pdfkit takes a parsed fontkit font as well as a file (its types list only the latter).
    this.doc.registerFont(FONT_NAME, font.face as unknown as Buffer);
    this.doc.font(FONT_NAME).fontSize(BODY_SIZE).fillColor('black');
    this.doc.y = this.top;
  }

  get y(): number {
    return this.doc.y;
  }

  /** A new page unless `height` still fits below the current position. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  newPage(): void {
    this.doc.addPage();
    this.doc.y = this.top;
  }

  /** Text across the full width, wrapped. */
  paragraph(text: string, size = BODY_SIZE, gapAfter = 4): void {
    this.doc.fontSize(size);
    const height = this.doc.heightOfString(text, { width: this.width });
    this.ensureSpace(height);
    this.doc.text(text, this.left, this.doc.y, { width: this.width });
    this.doc.y += gapAfter;
  }

  heading(text: string): void {
    this.ensureSpace(30);
    this.doc.y += 4;
    this.doc.fontSize(11).text(text, this.left, this.doc.y, { width: this.width });
    this.doc.y += 3;
    this.doc.fontSize(BODY_SIZE);
  }

  /**
   * One table row: cells wrapped within their columns, the row as tall as its tallest cell, ruled
   * below. With `repeatHeader`, a page break repeats the header row first.
   */
  row(columns: readonly Column[], cells: readonly string[], style: CellStyle = {}, repeatHeader?: () => void): void {
    const size = style.size ?? BODY_SIZE;
    this.doc.fontSize(size);
    const heights = cells.map((cell, index) => (cell === '' ? size : this.doc.heightOfString(cell, { width: (columns[index]?.width ?? 0) - 2 * CELL_PADDING })));
    const height = Math.max(size, ...heights) + 2 * CELL_PADDING;
    if (this.doc.y + height > this.bottom) {
      this.newPage();
      repeatHeader?.();
      this.doc.fontSize(size);
    }
    const y = this.doc.y;
    if (style.fill !== undefined) this.doc.rect(this.left, y, this.width, height).fill(style.fill).fillColor('black');
    let x = this.left;
    cells.forEach((cell, index) => {
      const column = columns[index];
      if (column === undefined) return;
      if (cell !== '') this.doc.text(cell, x + CELL_PADDING, y + CELL_PADDING, { width: column.width - 2 * CELL_PADDING, align: column.align ?? 'left' });
      x += column.width;
    });
    this.doc
      .moveTo(this.left, y + height)
      .lineTo(this.left + this.width, y + height)
      .lineWidth(0.4)
      .strokeColor('#999999')
      .stroke();
    this.doc.x = this.left;
    this.doc.y = y + height;
  }

  /** Writes every page's header and footer, ends the document and returns its bytes. */
  async finish(): Promise<Uint8Array> {
    const range = this.doc.bufferedPageRange();
    const made = `作成日時: ${japanTimeText(this.frame.createdAt)}`;
    for (let index = 0; index < range.count; index += 1) {
      this.doc.switchToPage(range.start + index);
      // Writing in the margins must not move pdfkit to a new page.
      const margins = this.doc.page.margins;
      this.doc.page.margins = { top: 0, bottom: 0, left: margins.left, right: margins.right };
      this.doc.fontSize(13).text(this.frame.title, this.left, MARGIN, { width: this.width / 2, lineBreak: false });
      this.doc.fontSize(8).text(this.frame.facility, this.left + this.width / 2, MARGIN + 3, { width: this.width / 2, align: 'right', lineBreak: false });
      this.doc.fontSize(9).text(`氏名: ${this.frame.patientName}`, this.left, MARGIN + 22, { width: this.width / 2, lineBreak: false });
      this.doc.text(this.frame.period, this.left + this.width / 2, MARGIN + 22, { width: this.width / 2, align: 'right', lineBreak: false });
      this.doc
        .moveTo(this.left, MARGIN + HEADER_HEIGHT - 8)
        .lineTo(this.left + this.width, MARGIN + HEADER_HEIGHT - 8)
        .lineWidth(0.8)
        .strokeColor('black')
        .stroke();
      const footerY = A4[1] - MARGIN - 10;
      this.doc.fontSize(7.5).text(made, this.left, footerY, { width: this.width / 2, lineBreak: false });
      this.doc.text(`${index + 1}/${range.count}ページ`, this.left + this.width / 2, footerY, { width: this.width / 2, align: 'right', lineBreak: false });
      this.doc.page.margins = margins;
    }
    this.doc.end();
    await this.ended;
    const bytes = Buffer.concat(this.chunks);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
}
