import type { CaptureSource, ExchangeListener, ProblemListener } from '../capture/capture-source.ts';

/** Several {@link CaptureSource}s as one: DevTools network capture plus the team-session stream. */
export class MergedCaptureSource implements CaptureSource {
  readonly #sources: readonly CaptureSource[];

  constructor(...sources: CaptureSource[]) {
    this.#sources = sources;
  }

  start(onExchange: ExchangeListener, onProblem?: ProblemListener): void {
    for (const s of this.#sources) s.start(onExchange, onProblem);
  }

  stop(): void {
    for (const s of this.#sources) s.stop();
  }

  setCaptureOther(on: boolean): void {
    for (const s of this.#sources) s.setCaptureOther?.(on);
  }
}
