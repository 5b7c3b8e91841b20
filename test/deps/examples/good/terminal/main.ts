import { createSession } from '../device/driver';
import { machine } from '../flow/machine';
export const compose = () => ({ session: createSession(), machine });
