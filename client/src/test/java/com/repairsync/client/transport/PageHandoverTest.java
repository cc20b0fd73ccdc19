package com.repairsync.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.repairsync.protocol.Change;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.RecordText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** Pages waiting when the caller is ready go over together, in order, never past the limit. */
class PageHandoverTest {
    private long seq;

    @Test
    void pagesThatArrivedMeanwhileAreHandedOverAsOne() throws Exception {
        PullResponse first = page(3, "hlc-1");
        PullResponse second = page(2, null);
        PullResponse third = page(4, "hlc-3");
        List<PullResponse> handed = new ArrayList<>();

        PullResponse last = PageHandover.handOver(queue(first, second, third, PageHandover.END_OF_PAGES), handed::add);

        assertThat(handed).singleElement().isSameAs(last);
        assertThat(last.changes()).extracting(Change::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(last.cursor()).isEqualTo(third.cursor());
        assertThat(last.latestCursor()).isEqualTo(third.latestCursor());
        assertThat(last.hasMore()).isEqualTo(third.hasMore());
        assertThat(last.serverHlc()).isEqualTo("hlc-3");
    }

    @Test
    void aMergedPageKeepsTheLastServerClockAPageCarried() throws Exception {
        List<PullResponse> handed = new ArrayList<>();
        PageHandover.handOver(queue(page(1, "hlc-1"), page(1, null), PageHandover.END_OF_PAGES), handed::add);
        assertThat(handed).singleElement().satisfies(page -> assertThat(page.serverHlc())
                .isEqualTo("hlc-1"));
    }

    @Test
    void noHandoverGoesPastTheLimitUnlessOnePageDoes() throws Exception {
        int big = PageHandover.MOST_CHANGES / 2 + 1;
        List<PullResponse> handed = new ArrayList<>();
        // Arguments are evaluated in order, so the pages' sequences follow on.
        PageHandover.handOver(
                queue(
                        page(big, null),
                        page(big, null),
                        page(10, null),
                        page(PageHandover.MOST_CHANGES + 5, null),
                        PageHandover.END_OF_PAGES),
                handed::add);

        assertThat(handed)
                .extracting(page -> page.changes().size())
                .containsExactly(big, big + 10, PageHandover.MOST_CHANGES + 5);
        List<Long> seqs = handed.stream()
                .flatMap(page -> page.changes().stream())
                .map(Change::seq)
                .toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates().hasSize(2 * big + 10 + PageHandover.MOST_CHANGES + 5);
    }

    @Test
    void aHandoverTakesOnlyThePagesWaitingWhenItStarts() throws Exception {
        // A reader that adds a page each time one is taken, as a fast stream does.
        PullResponse first = page(1, null);
        PullResponse second = page(1, null);
        List<PullResponse> later = List.of(page(1, null), page(1, null), page(1, null));
        LinkedBlockingQueue<Object> parsed = new LinkedBlockingQueue<>() {
            private int added;

            @Override
            public Object poll() {
                arrive();
                return super.poll();
            }

            @Override
            public Object take() throws InterruptedException {
                arrive();
                return super.take();
            }

            private void arrive() {
                if (added < later.size()) {
                    add(later.get(added++));
                    if (added == later.size()) {
                        add(PageHandover.END_OF_PAGES);
                    }
                }
            }
        };
        parsed.addAll(List.of(first, second));
        List<PullResponse> handed = new ArrayList<>();

        PageHandover.handOver(parsed, handed::add);

        // The first page and the two waiting behind it; the two that came meanwhile go next.
        assertThat(handed).extracting(page -> page.changes().size()).containsExactly(3, 2);
        assertThat(handed.stream().mapToInt(page -> page.changes().size()).sum())
                .isEqualTo(5);
    }

    @Test
    void aReadFailureIsThrownAfterEveryPageBeforeItWasHandedOver() {
        List<PullResponse> handed = new ArrayList<>();
        IOException cut = new IOException("stream cut");

        assertThatThrownBy(() -> PageHandover.handOver(queue(page(2, null), page(2, null), cut), handed::add))
                .isSameAs(cut);
        assertThat(handed.stream().mapToInt(page -> page.changes().size()).sum())
                .isEqualTo(4);
    }

    @Test
    void aStreamWithoutPagesHandsNothingOver() throws Exception {
        List<PullResponse> handed = new ArrayList<>();
        assertThat(PageHandover.handOver(queue(PageHandover.END_OF_PAGES), handed::add))
                .isNull();
        assertThat(handed).isEmpty();
    }

    @Test
    void aPageAloneIsHandedOverAsItCame() throws Exception {
        PullResponse only = page(3, "hlc");
        List<PullResponse> handed = new ArrayList<>();
        PageHandover.handOver(queue(only, PageHandover.END_OF_PAGES), handed::add);
        assertThat(handed).singleElement().isSameAs(only);
    }

    private PullResponse page(int changes, String serverHlc) {
        List<Change> list = new ArrayList<>();
        for (int i = 0; i < changes; i++) {
            long next = ++seq;
            list.add(new Change(
                    "customers",
                    "c" + next,
                    next,
                    false,
                    RecordText.of(JsonNodeFactory.instance.objectNode().put("id", "c" + next))));
        }
        return new PullResponse(list, seq, true, seq + 100, serverHlc);
    }

    private static LinkedBlockingQueue<Object> queue(Object... items) {
        return new LinkedBlockingQueue<>(List.of(items));
    }
}
