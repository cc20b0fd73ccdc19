package com.repairsync.client.transport;

import com.repairsync.protocol.Change;
import com.repairsync.protocol.PullResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Hands the pages a stream reader parsed to the caller's {@code store}, in order. Pages that
 * arrived while {@code store} was busy with the last one go over together, as one page of up to
 * {@link #MOST_CHANGES} changes: the device stores them in one transaction instead of one each.
 * On a device whose record ids are random, a transaction rewrites most of the id index's pages
 * however few rows it adds, so a thousand-row page per commit spent about half of an initial
 * sync writing the same index pages again.
 *
 * <p>Two consecutive pages are one page: the second starts at the first one's cursor, and a record
 * in both appears twice, in order, so storing the merged page stores the second state last.
 */
final class PageHandover {
    /** Most changes handed over at once (unless a single page holds more). */
    static final int MOST_CHANGES = 10_000;

    /** What the reader puts after the last page; an exception it puts instead ends the stream with it. */
    static final Object END_OF_PAGES = new Object();

    private PageHandover() {}

    /**
     * Takes items from {@code parsed} until {@link #END_OF_PAGES} and returns the last page handed
     * over (null if none came). A handover takes the next page and those waiting behind it at that
     * moment, so with a bounded queue it holds at most one page more than the queue does. An {@link IOException} or {@link RuntimeException} the reader put
     * is thrown once every page before it was handed over.
     */
    static PullResponse handOver(BlockingQueue<Object> parsed, Consumer<PullResponse> store)
            throws IOException, InterruptedException {
        PullResponse last = null;
        Object item = parsed.take();
        while (item != END_OF_PAGES) {
            if (item instanceof IOException e) {
                throw e;
            }
            if (item instanceof RuntimeException e) {
                throw e;
            }
            List<PullResponse> together = new ArrayList<>();
            together.add((PullResponse) item);
            int changes = ((PullResponse) item).changes().size();
            // Only what is waiting now: pages the reader adds while these are taken wait their turn.
            int waiting = parsed.size();
            item = waiting > 0 ? parsed.poll() : null;
            while (item instanceof PullResponse more && changes + more.changes().size() <= MOST_CHANGES) {
                together.add(more);
                changes += more.changes().size();
                item = --waiting > 0 ? parsed.poll() : null;
            }
            last = together.size() == 1 ? together.get(0) : merged(together, changes);
            store.accept(last);
            if (item == null) {
                item = parsed.take();
            }
        }
        return last;
    }

    /** Consecutive pages as one: their changes in order, the last one's cursors, the newest server clock. */
    static PullResponse merged(List<PullResponse> pages, int changeCount) {
        List<Change> changes = new ArrayList<>(changeCount);
        String serverHlc = null;
        for (PullResponse page : pages) {
            changes.addAll(page.changes());
            if (page.serverHlc() != null) {
                serverHlc = page.serverHlc();
            }
        }
        PullResponse newest = pages.get(pages.size() - 1);
        return new PullResponse(
                changes,
                newest.cursor(),
                newest.hasMore(),
                newest.latestCursor(),
                serverHlc,
                newest.epoch(),
                pages.get(0).from());
    }
}
