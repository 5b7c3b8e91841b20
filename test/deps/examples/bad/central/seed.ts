// Planted violations: central/ importing store/ (central-imports) and fixtures by import (no-import-of-fixtures).
import { openReaders } from '../store/database';
import person from '../fixtures/persons/someone.json';
export const seed = { openReaders, person };
