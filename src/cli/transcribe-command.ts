// `npm run transcribe`: the same core and audio front end as the app, run in Node on the WASM backend.
// Files are decoded one at a time; a file that fails is reported on stderr (its name and the reason)
// and the others still come out; the exit code is 1 if any file failed, 2 if nothing could start.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BundleError, configureOnnxRuntime, DEFAULT_BUNDLE_FOLDER, Recogniser, transcribeStream } from '../core';
import { AudioError, FeatureBlockReader, FEATURE_PARAMETERS, FileStream, isAudioError } from '../audio';
import { parseArguments, USAGE, UsageError, type TranscribeArguments } from './arguments';
import { expandInputs } from './audio-files';
import { folderBundleReader } from './folder-bundle-reader';
import { render } from './output';

export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Where relative paths are resolved (npm run changes directory; INIT_CWD is where the user was). */
  cwd: string;
  /** The project root, for the default model folder. */
  root: string;
}

export async function runTranscribe(argv: readonly string[], io: CommandIo): Promise<number> {
  let args: TranscribeArguments;
  try {
    args = parseArguments(argv, path.join(io.root, DEFAULT_BUNDLE_FOLDER));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`transcribe: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }

  configureOnnxRuntime({ numThreads: args.threads, logLevel: 'error' });
  const modelFolder = path.resolve(io.cwd, args.model);
  let recogniser: Recogniser;
  try {
    recogniser = await Recogniser.load(folderBundleReader(modelFolder), { backend: args.backend });
  } catch (error) {
    const hint = error instanceof BundleError && error.code === 'missing-file' && error.file === 'model.json' ? ' (choose a bundle with --model DIR)' : '';
    io.stderr(`transcribe: cannot load the model bundle: ${error instanceof Error ? error.message : String(error)}${hint}\n`);
    return 2;
  }
  try {
    recogniser.searchWeights(args); // checked once, here, rather than failing every file
  } catch (error) {
    io.stderr(`transcribe: ${args.wordLmWeight === undefined ? '--lm-weight' : '--lm-weight/--word-lm-weight'}: ${error instanceof Error ? error.message : String(error)}\n`);
    await recogniser.release();
    return 2;
  }
  const mismatch = featureMismatch(recogniser);
  if (mismatch) {
    io.stderr(`transcribe: ${modelFolder}: the bundle's features do not match the audio front end (${mismatch})\n`);
    await recogniser.release();
    return 2;
  }

  let failures = 0;
  const expanded = await expandInputs(args.inputs.map((input) => path.resolve(io.cwd, input)));
  for (const folder of expanded.filter((e) => e.isFolder && e.files.length === 0)) {
    io.stderr(`transcribe: ${displayPath(folder.input, io.cwd)}: no audio files in this folder\n`);
    failures++;
  }
  const files = expanded.flatMap((e) => e.files);
  if (args.outputDir) await mkdir(path.resolve(io.cwd, args.outputDir), { recursive: true });

  for (const file of files) {
    const shown = displayPath(file, io.cwd);
    let stream: FileStream | undefined;
    try {
      // Read as blocks of samples with their feature frames, exactly as the app's main process sends them,
      // and cut at pauses as it goes: memory holds one segment, however long the file.
      stream = await FileStream.open(file);
      const transcript = await transcribeStream(recogniser, new FeatureBlockReader(stream), {
        decoder: args.decoder,
        ...(args.beam === 0 ? {} : { beam: args.beam }), // 0: the bundle's default (rescore)
        ...(args.ctcWeight === undefined ? {} : { ctcWeight: args.ctcWeight }),
        ...(args.lmWeight === undefined ? {} : { lmWeight: args.lmWeight }),
        ...(args.wordLmWeight === undefined ? {} : { wordLmWeight: args.wordLmWeight }),
        ...(args.oovPenalty === undefined ? {} : { oovPenalty: args.oovPenalty }),
        iterations: args.iterations,
        ...(args.window ? { window: args.window } : {}),
        segmentation: { maxSegmentS: args.maxSegmentS },
        ...(args.trace ? { trace: true } : {}),
      });
      const minimumS = FEATURE_PARAMETERS.frameSize / FEATURE_PARAMETERS.sampleRate;
      if (transcript.stats.audioS < minimumS) {
        throw new AudioError('too-short', `${file}: is too short: ${(transcript.stats.audioS * 1000).toFixed(2)} ms; at least ${minimumS * 1000} ms are needed for one feature frame`, { file });
      }
      const warnings = stream.warnings().map((w) => w.message);
      const text = render(args.format, shown, transcript, path.basename(modelFolder), warnings, files.length > 1);
      if (args.outputDir) {
        const target = path.join(path.resolve(io.cwd, args.outputDir), `${path.parse(file).name}.${args.format}`);
        await writeFile(target, text);
      } else if (files.length > 1 && (args.format === 'srt' || args.format === 'vtt')) {
        io.stdout(`==> ${shown} <==\n${text}\n`);
      } else {
        io.stdout(text);
      }
    } catch (error) {
      failures++;
      const message = error instanceof Error ? error.message : String(error);
      // AudioError messages already start with the file's path; name the file for anything else.
      io.stderr(`transcribe: ${isAudioError(error) ? message.replace(file, shown) : `${shown}: ${message}`}\n`);
    } finally {
      await stream?.close();
    }
  }
  await recogniser.release();
  return failures > 0 ? 1 : 0;
}

function featureMismatch(recogniser: Recogniser): string | undefined {
  const bundle = recogniser.config.features;
  const differences = (['sampleRate', 'nMels', 'frameSize', 'hopSize', 'window'] as const)
    .filter((key) => bundle[key] !== FEATURE_PARAMETERS[key])
    .map((key) => `${key}: bundle ${bundle[key]}, front end ${FEATURE_PARAMETERS[key]}`);
  return differences.length > 0 ? differences.join('; ') : undefined;
}

/** Paths under the working folder relative to it, others absolute. */
function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
