// The test host as a process of its own, for specs that kill it (as a crash or a force-quit kills the
// app): `node --import tsx e2e/host/run-host.ts DATA_DIR MODELS_DIR [FILE...]`. It prints its page URL
// on one line once it listens; the file dialog answers FILE... .
import { bindAudioFrontEnd } from '../../src/main/audio-binding';
import { ortDistDir } from '../../src/main/paths';
import { RENDERER_DIR } from '../paths';
import { startTestHost } from './test-host';

const [dataDir, modelDir, ...files] = process.argv.slice(2);
if (!dataDir || !modelDir) {
  console.error('usage: run-host.ts DATA_DIR MODELS_DIR [FILE...]');
  process.exit(2);
}
const host = await startTestHost({
  roots: { renderer: RENDERER_DIR, models: modelDir, ort: ortDistDir() },
  appInfo: { version: '0.0.0-e2e', platform: process.platform, modelDir },
  audio: bindAudioFrontEnd(),
  dataDir,
});
host.answerFileDialogWith(files);
process.stdout.write(`${host.url}\n`);
