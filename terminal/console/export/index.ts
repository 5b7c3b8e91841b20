/**
 * The staff console's exports, for 医療情報閲覧 only: the caller (the console API) decides that the
 * patient's consent window is open before it asks the central system and calls these. Pure view
 * models from the parsed answers (their types are the contract's, flow/contract/medical-views, since
 * the console page draws the same models), the PDFs drawn from them, and the お薬手帳 QR data of a
 * dispensing.
 */
export { drugInfoViewOf, quantityText, type DrugInfoViewOptions } from './drug-info-view';
export { checkupHistoryViewOf, type CheckupHistoryOptions } from './checkup-history-view';
export { referralMarkOf, referralLabel, type ReferralLimit } from './referral-threshold';
export { dispensingQrOf, notebookOfDispensing, DEFAULT_QR_OPTIONS, type DispensingQr, type DispensingQrOptions } from './jahis/dispensing-notebook';
export { readNotebookPayloads, type NotebookReading } from './jahis/notebook-read';
export { loadExportFont, DEFAULT_EXPORT_FONT_FILE, ExportFontError, type ExportFont } from './pdf/export-font';
export { renderDrugInfoPdf, type DrugInfoPdf, type DrugInfoPdfInput } from './pdf/drug-info-pdf';
export { renderCheckupHistoryPdf, type CheckupHistoryPdfInput } from './pdf/checkup-history-pdf';
