// The selected item's audio: wavesurfer.js waveform with timeline, zoom (wheel or slider) and
// playback; one region per recognised word (click to seek; the playing word lights up); below it,
// the 80-band log-mel filterbank the model actually sees, on the same time axis.
import { useEffect, useMemo, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin, { type Region } from 'wavesurfer.js/plugins/regions';
import TimelinePlugin from 'wavesurfer.js/plugins/timeline';
import ZoomPlugin from 'wavesurfer.js/plugins/zoom';
import { wavBlob } from '../engine/wav-blob';
import { exactSamples } from '../engine/item-audio-access';
import { RangePlayer } from '../engine/range-player';
import type { AudioOverview } from '../state/audio-overview';
import { FEATURE_FRAME_S } from '../engine/transcription';
import { formatSeconds } from '../model';
import type { WorkbenchController } from '../state/controller';
import { useStore } from '../state/store';
import type { ExplorerState, Item } from '../state/types';
import { ExplorerLanes } from '../views/ExplorerLanes';
import { shownWords } from '../state/shown-words';
import { activeWord, chosenWord, hoverSpan, pendingSeek, playhead, timeAxis } from '../state/view-state';
import { transpose } from '../views/paint';
import { TimeAlignedCanvas, type TimedMatrix } from '../views/TimeAlignedCanvas';
import { Empty, Pane } from './Pane';

export function WaveformPane({ controller, item, explorer }: { controller: WorkbenchController; item: Item | undefined; explorer?: ExplorerState }) {
  const audio = item?.audio;
  // The words as shown (a segment's edit, re-timed by forced alignment, where there is one).
  const words = useMemo(() => shownWords(item?.run?.segments ?? []), [item?.run]);
  const itemId = item?.id;
  const container = useRef<HTMLDivElement>(null);
  const [surfer, setSurfer] = useState<{ ws: WaveSurfer; regions: ReturnType<typeof RegionsPlugin.create> }>();
  const [playing, setPlaying] = useState(false);
  const [zoom, setZoom] = useState(0);

  // One wavesurfer per audio clip.
  useEffect(() => {
    if (!audio || !container.current) return;
    const regions = RegionsPlugin.create();
    const ws = WaveSurfer.create({
      container: container.current,
      height: 96,
      waveColor: '#6b93c4', // canvas colours cannot be CSS variables; mid tones read on both themes
      progressColor: '#2f6fb0',
      cursorColor: '#e5534b',
      normalize: true,
      autoScroll: true,
      plugins: [regions, TimelinePlugin.create(timelineSteps(audio.durationS)), ZoomPlugin.create({ scale: 0.25, maxZoom: 2000 })],
    });
    // Audio kept whole plays from a WAV of all of it; a long file (kept as an overview) draws the overview's peaks
    // (wavesurfer's precomputed peaks: channel 0 the maxima drawn up, channel 1 the minima drawn down) and plays
    // a window at a time read again from main (engine/range-player.ts).
    const url = audio.full ? URL.createObjectURL(wavBlob(audio.full.samples)) : undefined;
    void (audio.full ? ws.load(url!, [audio.full.samples], audio.durationS) : ws.load('', [audio.overview.peakMax, audio.overview.peakMin], audio.durationS)).catch(() => undefined);
    const ranged = audio.full
      ? undefined
      : new RangePlayer((startS, seconds) => exactSamples(controller.api, audio, Math.round(startS * 16_000), Math.round(seconds * 16_000)), audio.durationS, {
          time: (t) => {
            ws.setTime(t);
            playhead.update(() => t);
          },
          playing: setPlaying,
          error: controller.report,
        });
    const publishAxis = () =>
      timeAxis.update(() => ({ durationS: audio.durationS, contentPx: ws.getWrapper().scrollWidth, scrollPx: ws.getScroll() }));
    const offs = [
      ws.on('ready', publishAxis),
      ws.on('redrawcomplete', publishAxis),
      ws.on('zoom', publishAxis),
      ws.on('scroll', publishAxis),
      ws.on('timeupdate', (t) => playhead.update(() => t)),
      ws.on('play', () => setPlaying(true)),
      ws.on('pause', () => setPlaying(false)),
    ];
    const resize = new ResizeObserver(publishAxis);
    resize.observe(container.current);
    const seek = (s: number) => {
      ws.setTime(s);
      // paused media may not report the new time: the playhead moves with the click itself
      playhead.update(() => s);
      if (ranged?.playing) void ranged.play(s);
    };
    // a click on a long file's waveform moves the playhead (wavesurfer has no media to seek there)
    if (ranged) offs.push(ws.on('interaction', (t) => seek(t)));
    controller.player = {
      itemId: itemId ?? '',
      playPause: () => (ranged ? (ranged.playing ? ranged.pause() : void ranged.play(playhead.state)) : void ws.playPause()),
      seek,
      playSpan: (start, end) => {
        playhead.update(() => start);
        if (ranged) void ranged.play(start, end);
        else void ws.play(start, end).catch(() => undefined);
      },
    };
    setSurfer({ ws, regions });
    setZoom(0);
    // A seek asked for before this audio was ready (a search hit in a result just opened) is made now.
    const waiting = pendingSeek.state;
    if (waiting && waiting.itemId === itemId) {
      pendingSeek.update(() => undefined);
      playhead.update(() => waiting.time);
      offs.push(ws.on('ready', () => seek(waiting.time)));
    } else {
      playhead.update(() => 0);
    }
    return () => {
      offs.forEach((off) => off());
      resize.disconnect();
      controller.player = undefined;
      ranged?.destroy();
      ws.destroy();
      if (url) URL.revokeObjectURL(url);
      setSurfer(undefined);
    };
  }, [audio, controller, itemId]);

  // Word regions from the run's timestamps.
  useEffect(() => {
    if (!surfer) return;
    const { ws, regions } = surfer;
    const made: Region[] = [];
    const add = () => {
      regions.clearRegions();
      words.forEach((w, i) => {
        const content = document.createElement('span');
        content.textContent = w.word;
        content.className = 'word-region-label';
        // Inline, because wavesurfer draws regions in its shadow root, where the page's stylesheet does not reach.
        // The label stays inside its word's region (a short word's label printed over the next word's); the
        // whole word is its title.
        content.style.cssText =
          'display:block;max-width:100%;box-sizing:border-box;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-size:11px;padding:0 2px;color:var(--text);pointer-events:none';
        content.title = w.word;
        content.setAttribute('data-word-index', String(i));
        const region = regions.addRegion({ id: `word-${i}`, start: w.start, end: Math.max(w.end, w.start + 0.02), content, color: 'var(--word-region)', drag: false, resize: false });
        // The region's times as wavesurfer holds them (what the e2e specs compare with the alignment's).
        content.setAttribute('data-start', String(region.start));
        content.setAttribute('data-end', String(region.end));
        if (w.edited) content.setAttribute('data-edited', 'true');
        region.on('click', (event) => {
          event.stopPropagation();
          chosenWord.update(() => i);
          ws.setTime(w.start);
        });
        made.push(region);
      });
    };
    if (ws.getDuration() > 0) add();
    const off = ws.on('ready', add);
    // The playing word lights up.
    let lit = -1;
    const offTime = playhead.subscribe(() => {
      const now = activeWord(words, playhead.state, chosenWord.state);
      if (now === lit) return;
      made[lit]?.setOptions({ color: 'var(--word-region)' });
      made[now]?.setOptions({ color: 'var(--word-region-active)' });
      lit = now;
    });
    return () => {
      off();
      offTime();
    };
  }, [surfer, words]);

  // The audio span of the token under the pointer in the attention view.
  const span = useStore(hoverSpan);
  useEffect(() => {
    if (!surfer) return;
    const existing = surfer.regions.getRegions().find((r) => r.id === 'hover-span');
    existing?.remove();
    if (span) surfer.regions.addRegion({ id: 'hover-span', start: span.start, end: Math.max(span.end, span.start + 0.02), color: 'var(--hover-span)', drag: false, resize: false });
  }, [surfer, span]);

  const filterbank = useMemo(() => (audio ? filterbankMatrix(audio.overview) : []), [audio]);

  const actions = audio && (
    <div className="pane-actions">
      <button type="button" onClick={() => controller.player?.playPause()} data-testid="play-button" aria-label={playing ? 'Pause' : 'Play'}>
        {playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <PlayheadTime />
      <label className="inline-field">
        Zoom
        <input
          type="range"
          min={0}
          max={400}
          value={zoom}
          data-testid="zoom-slider"
          onChange={(event) => {
            const value = Number(event.target.value);
            setZoom(value);
            surfer?.ws.zoom(value);
          }}
        />
      </label>
    </div>
  );

  return (
    <Pane title="Waveform" testId="pane-waveform" className="waveform" actions={actions}>
      {audio ? (
        <div className="waveform-stack">
          <div className="gutter-row">
            <span className="gutter">audio</span>
            <div ref={container} className="wavesurfer" data-testid="wavesurfer" />
          </div>
          <div className="gutter-row">
            <span className="gutter" title="80 log-mel bands, 10 ms frames: what the encoder sees">mel</span>
            <TimeAlignedCanvas matrices={filterbank} height={64} testId="filterbank" />
          </div>
          {explorer?.itemId === item?.id && explorer && <ExplorerLanes controller={controller} explorer={explorer} />}
          <p className="facts-line" data-testid="waveform-clip">
            {item?.name} · {formatSeconds(audio.durationS)} · {audio.nSamples.toLocaleString('en')} at 16 kHz · {audio.nFrames.toLocaleString('en')} feature frames{audio.full ? '' : ' · long file: overview drawn, audio read when played'}
          </p>
        </div>
      ) : item?.audioProblem ? (
        <p className="audio-problem" role="alert" data-testid="audio-problem">
          {item.audioProblem}
        </p>
      ) : (
        <Empty>Open or drop audio files, or record, to see the waveform.</Empty>
      )}
    </Pane>
  );
}

/** Where the playhead is, in its own component: it changes many times a second while playing. */
function PlayheadTime() {
  const time = useStore(playhead);
  return (
    <span className="meta" data-testid="playhead-time" data-seconds={time}>
      {formatSeconds(time)}
    </span>
  );
}

/** The overview's filterbank columns (each the mean of framesPerColumn frames: a fixed number for any length). */
function filterbankMatrix(overview: AudioOverview): TimedMatrix[] {
  if (overview.columns === 0) return [];
  const { filterbank, columns, nMels, framesPerColumn } = overview;
  return [{ data: transpose(filterbank, columns, nMels), rows: nMels, columns, startS: 0, columnS: framesPerColumn * FEATURE_FRAME_S, origin: 'bottom' }];
}

/** About eight labelled ticks across the clip, at a round step (0.1 s … 10 min). */
function timelineSteps(durationS: number) {
  const steps = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600];
  const primary = steps.find((step) => durationS / step <= 8) ?? 600;
  return { height: 18, primaryLabelInterval: primary, secondaryLabelInterval: primary, timeInterval: primary / 5, formatTimeCallback: (s: number) => (primary < 1 ? s.toFixed(1) : `${Math.round(s)}`) + ' s' };
}
