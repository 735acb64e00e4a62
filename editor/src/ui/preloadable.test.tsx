// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { Suspense, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { preloadable, useLoaded, type Preloadable } from './preloadable';

/** A module load the test settles by hand. */
function deferredModule(text: string) {
  let settle!: { resolve: () => void; reject: (e: Error) => void };
  let calls = 0;
  const load = () => {
    calls++;
    return new Promise<{ default: (p: { who: string }) => ReactNode }>((resolve, reject) => {
      settle = { resolve: () => resolve({ default: ({ who }) => <p>{`${text} ${who}`}</p> }), reject };
    });
  };
  return { load, settle: () => settle, calls: () => calls };
}

function Gate({ page }: { page: Preloadable<{ who: string }> }) {
  const ready = useLoaded(page);
  const Page = page;
  return ready ? <Page who="ann" /> : <p>waiting</p>;
}

describe('preloadable components', () => {
  afterEach(cleanup);

  it('loads its code once however often it is preloaded, then renders it without suspending', async () => {
    const mod = deferredModule('hello');
    const Page = preloadable(mod.load);
    expect(Page.loaded).toBeNull();
    const first = Page.preload();
    void Page.preload();
    expect(mod.calls()).toBe(1);
    await act(async () => {
      mod.settle().resolve();
      await first;
    });
    expect(Page.loaded).not.toBeNull();
    // Loaded before rendering: the first render shows it, never the Suspense fallback.
    render(
      <Suspense fallback={<p>fallback</p>}>
        <Page who="bo" />
      </Suspense>,
    );
    expect(screen.getByText('hello bo')).toBeTruthy();
    expect(screen.queryByText('fallback')).toBeNull();
  });

  it('rendered before its code is in, it suspends like React.lazy and shows up once loaded', async () => {
    const mod = deferredModule('late');
    const Page = preloadable(mod.load);
    render(
      <Suspense fallback={<p>fallback</p>}>
        <Page who="cy" />
      </Suspense>,
    );
    expect(screen.getByText('fallback')).toBeTruthy();
    await act(async () => {
      mod.settle().resolve();
    });
    expect(await screen.findByText('late cy')).toBeTruthy();
  });

  it('useLoaded starts the load and re-renders with ordinary state once the code is in', async () => {
    const mod = deferredModule('page');
    const Page = preloadable(mod.load);
    render(<Gate page={Page} />);
    expect(screen.getByText('waiting')).toBeTruthy();
    expect(mod.calls()).toBe(1);
    await act(async () => {
      mod.settle().resolve();
    });
    expect(screen.getByText('page ann')).toBeTruthy();
  });

  it('a failed load is reported as failed and tried again on the next preload', async () => {
    const mod = deferredModule('retry');
    const Page = preloadable(mod.load);
    const first = Page.preload();
    await act(async () => {
      mod.settle().reject(new Error('offline'));
      await expect(first).rejects.toThrow('offline');
    });
    expect(Page.failed).toBe(true);
    expect(Page.loaded).toBeNull();
    const second = Page.preload();
    expect(mod.calls()).toBe(2);
    await act(async () => {
      mod.settle().resolve();
      await second;
    });
    expect(Page.failed).toBe(false);
    expect(Page.loaded).not.toBeNull();
  });
});
