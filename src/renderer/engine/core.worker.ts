// The Web Worker that runs inference: the core runtime behind a message port (src/core/worker.ts),
// so onnxruntime-web's work never blocks the page. onnxruntime's own warnings (e.g. shape ops kept
// on the CPU under WebGPU) are informational and would read as console errors: keep errors only.
import { configureOnnxRuntime } from '../../core/backend';
import { serveCore, type PortLike } from '../../core/worker';

configureOnnxRuntime({ logLevel: 'error' });
serveCore(self as unknown as PortLike);
