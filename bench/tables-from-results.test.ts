import { describe, expect, it } from 'vitest';
import { browserTable, nodeTable, scalingTable, speedUpTable, streamingTable } from './bench-report';
import type { BrowserTiming } from './browser/chromium-timing';
import type { UtteranceTiming } from './decoder-timing';
import { evalTable } from './eval-report';
import type { MachineInfo } from './machine';
import { replaceRegions } from './markers';
import type { ScalingResult } from './scaling';
import type { StreamingLatency } from './streaming-latency';
import { chooseNewest, evalBlockName, parseResultsFile, renderBlocks, resultsKind, type ResultsFile } from './tables-from-results';

const machine = (date: string): MachineInfo => ({ cpu: 'Test CPU', cores: 2, memoryGiB: 8, os: 'Linux', node: 'v20.20.2', onnxruntimeWeb: '1.30.0', loadAverage: 0.5, date });

const timing = (decoder: string, decoderMs: number) => ({ decoder, decoderMs, decoderCpuMs: decoderMs, steps: 3, tokens: 3, text: 'a b' });
/** One 2 s utterance with 100 ms of features and 50 ms of encoder; AT greedy and NAT k=0 take the given times. */
const nodeTimings = (atMs: number, natMs: number): UtteranceTiming[] => [
  { utterance: '2 s', audioS: 2, featureMs: 100, encoderMs: 50, featureCpuMs: 100, encoderCpuMs: 50, encoderFrames: 50, decoders: [timing('AT greedy', atMs), timing('NAT k=0', natMs)] },
];
const browserRun = (backend: 'wasm' | 'webgpu'): BrowserTiming => ({
  requested: backend,
  backend,
  fallbackReason: undefined,
  webGpuExposed: backend === 'webgpu',
  adapter: backend === 'webgpu' ? 'google / swiftshader' : undefined,
  utterances: [{ utterance: '2 s', audioS: 2, encoderMs: 50, decoders: [{ decoder: 'AT greedy', decoderMs: 40, tokens: 3, text: '' }, { decoder: 'NAT k=0', decoderMs: 10, tokens: 3, text: '' }] }],
});
const streaming: StreamingLatency[] = [
  { decoder: 'AT greedy', window: { left: 16, right: 2 }, audioS: 9, onsetS: 1.5, speechEndS: 8.4, firstPartialMs: 400, finalMs: 800, trailingAudioMs: 500, partialUpdateMs: 30, lagAtEndMs: 40, finalText: 'x' },
];
const scaling: ScalingResult[] = [
  { minutes: 1, decoder: 'AT greedy', timeRatio: 0.06, audioS: 60, wallMs: 3600, featureMs: 1000, encoderMs: 1000, decoderMs: 800, segments: 6, words: 100, baselineRssMiB: 467, peakRssMiB: 550 },
];
const systems = [
  {
    system: 'workbench AT greedy',
    rates: { wer: 0.5, cer: 0.25, words: { substitutions: 3, deletions: 1, insertions: 1, n: 10 }, characters: { substitutions: 5, deletions: 2, insertions: 3, n: 40 }, exact: 1, utterances: 2 },
    audioS: 10,
    processingS: 0.4,
    rtf: 0.04,
    cpuS: 0.5,
    cpuRtf: 0.05,
  },
];

// Through JSON, as the files are read: what a run wrote is all the generator gets.
const bench = (file: string, results: object): ResultsFile => parseResultsFile(file, 'bench', JSON.stringify(results));
const evaluation = (file: string, results: object): ResultsFile => parseResultsFile(file, 'eval', JSON.stringify(results));

describe('renderBlocks', () => {
  it('renders every part with the renderers the commands print with', () => {
    const node = nodeTimings(40, 10);
    const blocks = renderBlocks([
      bench('bench-latest.json', { machine: machine('2026-11-24T10:00:00.000Z'), failures: [], node, browser: [browserRun('wasm'), browserRun('webgpu')], streaming, scaling }),
      evaluation('eval-latest.json', { manifest: '/tmp/adult200.tsv', machine: machine('2026-11-24T09:00:00.000Z'), systems, utterances: [] }),
    ]);
    expect([...blocks.keys()].sort()).toEqual(['browser', 'browser-speedup-wasm', 'browser-speedup-webgpu', 'eval-adult200', 'node', 'node-speedup', 'scaling', 'streaming']);
    expect(blocks.get('node')!.text).toBe(nodeTable(node));
    expect(blocks.get('node-speedup')!.text).toBe(speedUpTable(node));
    expect(blocks.get('browser-speedup-webgpu')!.text).toBe(speedUpTable(browserRun('webgpu').utterances));
    expect(blocks.get('streaming')!.text).toBe(streamingTable(streaming));
    expect(blocks.get('scaling')!.text).toBe(scalingTable(scaling));
    expect(blocks.get('eval-adult200')!.text).toBe(evalTable(systems.map((s) => ({ ...s, hypotheses: [] }))));
    expect(blocks.get('eval-adult200')!.text).toContain('| workbench AT greedy | 50.0 % | 3 | 1 | 1 | 10 | 25.0 % | 1/2 | 0.040 | 0.050 |');
    expect(blocks.get('scaling')!.source).toEqual({ file: 'bench-latest.json', cpu: 'Test CPU', date: '2026-11-24T10:00:00.000Z' });
  });

  it("adds the same file's Node feature time to the Chromium RTF, as bench.ts did, and none from another file", () => {
    const withNode = renderBlocks([bench('bench-latest.json', { machine: machine('2026-11-24T10:00:00.000Z'), node: nodeTimings(40, 10), browser: [browserRun('wasm')] })]);
    // (100 ms features + 50 encoder + 40 decoder) / 2 s
    expect(withNode.get('browser')!.text).toContain('| Chromium WASM | 2 s | AT greedy | 50.0 | 40.0 | 0.095 | 1.00× |');
    const browserOnly = renderBlocks([
      bench('bench-latest-node.json', { machine: machine('2026-11-24T09:00:00.000Z'), node: nodeTimings(40, 10) }),
      bench('bench-latest-browser.json', { machine: machine('2026-11-24T10:00:00.000Z'), browser: [browserRun('wasm')] }),
    ]);
    expect(browserOnly.get('browser')!.text).toBe(browserTable([browserRun('wasm')], new Map()));
    expect(browserOnly.get('browser')!.text).toContain('| Chromium WASM | 2 s | AT greedy | 50.0 | 40.0 | 0.045 | 1.00× |');
    // and the header says so, where the run with Node's features says it added them
    expect(browserOnly.get('browser')!.text).toContain('| RTF (encoder + decoder only) |');
    expect(withNode.get('browser')!.text).toContain('| RTF (with Node features) |');
  });

  it('leaves out a part that failed, whatever it measured before failing', () => {
    const blocks = renderBlocks([bench('bench-latest.json', { machine: machine('2026-11-24T10:00:00.000Z'), failures: [{ part: 'streaming', error: 'boom' }], streaming, scaling })]);
    expect([...blocks.keys()]).toEqual(['scaling']);
  });

  it('leaves out a Chromium backend that failed from the speed-up tables but not from the browser table', () => {
    const failed: BrowserTiming = { ...browserRun('webgpu'), error: 'no adapter', utterances: [] };
    const blocks = renderBlocks([bench('bench-latest.json', { machine: machine('2026-11-24T10:00:00.000Z'), browser: [browserRun('wasm'), failed] })]);
    expect([...blocks.keys()]).toEqual(['browser', 'browser-speedup-wasm']);
    expect(blocks.get('browser')!.text).toContain('| Chromium WebGPU | – | failed: no adapter |');
  });
});

describe('chooseNewest', () => {
  const older = bench('bench-latest.json', { machine: machine('2026-11-24T09:00:00.000Z'), node: nodeTimings(40, 10), scaling });
  const newer = bench('bench-latest-node.json', { machine: machine('2026-11-24T10:30:00.000Z'), node: nodeTimings(80, 10) });

  it('takes each part from the file with the newest machine.date, whatever the order of the files', () => {
    for (const files of [[older, newer], [newer, older]]) {
      const blocks = renderBlocks(files);
      expect(blocks.get('node-speedup')!.text).toBe(speedUpTable(nodeTimings(80, 10)));
      expect(blocks.get('node-speedup')!.text).toContain('| NAT k=0 vs AT greedy | 8.00× |');
      expect(blocks.get('node')!.source.file).toBe('bench-latest-node.json');
      // The older file still supplies the part only it holds.
      expect(blocks.get('scaling')!.source.file).toBe('bench-latest.json');
    }
  });

  it('joins the scaling table from the newest row of each file length (a --quick run keeps the 60-minute row)', () => {
    const hour = { ...scaling[0]!, minutes: 60, wallMs: 170_500, timeRatio: 0.047 };
    const long = bench('bench-latest-scaling.json', { machine: machine('2026-11-24T08:00:00.000Z'), scaling: [{ ...scaling[0]!, wallMs: 9_999 }, hour] });
    const quick = bench('bench-latest-node+streaming+scaling.json', { machine: machine('2026-11-24T11:00:00.000Z'), scaling });
    for (const files of [[long, quick], [quick, long]]) {
      const block = renderBlocks(files).get('scaling')!;
      expect(block.text).toBe(scalingTable([scaling[0]!, hour]));
      expect(block.source.file).toBe('bench-latest-node+streaming+scaling.json');
    }
  });

  it('says which file each part came from and which files it was preferred to', () => {
    expect(chooseNewest([older, newer])).toEqual([
      { part: 'node', source: { file: 'bench-latest-node.json', cpu: 'Test CPU', date: '2026-11-24T10:30:00.000Z' }, older: [{ file: 'bench-latest.json', cpu: 'Test CPU', date: '2026-11-24T09:00:00.000Z' }] },
      { part: 'scaling 1 min AT greedy', source: { file: 'bench-latest.json', cpu: 'Test CPU', date: '2026-11-24T09:00:00.000Z' }, older: [] },
    ]);
  });

  it('compares dates as times, not as text', () => {
    const utc = bench('a.json', { machine: machine('2026-11-24T10:00:00.000Z'), node: nodeTimings(40, 10) });
    const laterWithOffset = bench('b.json', { machine: machine('2026-11-24T09:30:00.000-01:00'), node: nodeTimings(80, 10) });
    expect(chooseNewest([utc, laterWithOffset])[0]!.source.file).toBe('b.json');
  });
});

describe('--check on rendered results', () => {
  it('reports only the regions whose rendered table differs from the file', () => {
    const blocks = renderBlocks([bench('bench-latest.json', { machine: machine('2026-11-24T10:00:00.000Z'), node: nodeTimings(40, 10), scaling })]);
    const texts = new Map([...blocks].map(([name, block]) => [name, block.text]));
    const doc = `# Bench\n\n<!-- tables:node-speedup -->\n${speedUpTable(nodeTimings(40, 10))}\n<!-- /tables:node-speedup -->\n\n<!-- tables:scaling -->\n| stale |\n<!-- /tables:scaling -->\n\n<!-- tables:eval-adult200 -->\nby hand\n<!-- /tables:eval-adult200 -->\n`;
    const update = replaceRegions(doc, 'doc.md', texts);
    expect(update).toMatchObject({ changed: ['scaling'], unchanged: ['node-speedup'], missing: ['eval-adult200'] });
  });
});

describe('results files', () => {
  it('recognises the files bench.ts and eval.ts write, and no others', () => {
    expect(['bench-latest.json', 'bench-latest-scaling.json', 'bench-latest-node+streaming+scaling.json', 'eval-latest.json', 'bench-60min.json', 'eval-latest.json.bak', 'notes.txt'].map(resultsKind)).toEqual([
      'bench',
      'bench',
      'bench',
      'eval',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('names an eval region after its manifest', () => {
    expect(evalBlockName('/tmp/adult200.tsv')).toBe('eval-adult200');
    expect(evalBlockName('data/TTS held-out.jsonl')).toBe('eval-tts-held-out');
  });

  it('rejects a file without machine.date, or that is not JSON, naming it', () => {
    expect(() => parseResultsFile('bench-latest.json', 'bench', '{"node": []}')).toThrow('bench-latest.json: no machine.date');
    expect(() => parseResultsFile('eval-latest.json', 'eval', '{')).toThrow(/^eval-latest.json: not valid JSON/);
    expect(() => parseResultsFile('eval-latest.json', 'eval', JSON.stringify({ machine: machine('2026-11-24T10:00:00.000Z') }))).toThrow('eval-latest.json: no manifest and systems');
  });
});
