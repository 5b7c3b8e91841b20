import type { ProvidedDataCategory, StoredInsuranceRecord } from '../store';

/** What a qualification answer carried, for the person's やりとり履歴. */
export function providedCategoriesOf(records: ReadonlyArray<StoredInsuranceRecord>, limitConsent: boolean): ProvidedDataCategory[] {
  const categories = new Set<ProvidedDataCategory>(['qualification']);
  for (const record of records) {
    if (limitConsent && record.LimitApplicationCertificateRelatedInfo !== undefined) categories.add('limit-application');
    if (record.SpecificDiseasesCertificateList !== undefined) categories.add('specific-disease');
    if (record.PublicExpenseResultList !== undefined) categories.add('medical-aid');
  }
  return [...categories];
}
