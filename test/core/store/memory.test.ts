import { memoryStore } from '../../../src/core/store/memory.js';
import { storeContract } from './contract.js';

storeContract('memoryStore', (options) => memoryStore(options));
