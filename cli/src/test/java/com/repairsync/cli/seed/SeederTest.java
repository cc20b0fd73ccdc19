package com.repairsync.cli.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.client.transport.ForwardingSyncTransport;
import com.repairsync.client.transport.ServerBusyException;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;
import com.repairsync.protocol.PushResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A retried batch is judged by how its mutations first ended, not by being a duplicate. */
class SeederTest {
    private static final SyncTransport.Session SESSION = new SyncTransport.Session(
            "access",
            "refresh",
            900,
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString(),
            "admin",
            UUID.randomUUID().toString());
    private static final Seeder.Counts ONE_CUSTOMER = new Seeder.Counts(0, 0, 1, 0, 0);

    /** Answers the first push with a 503, then the retry with what {@code retry} makes of each mutation. */
    private static SyncTransport busyOnce(Function<PushRequest, List<PushResult>> retry) {
        return new ForwardingSyncTransport(null) {
            private int pushes;

            @Override
            public PushResponse push(PushRequest request) {
                if (pushes++ == 0) {
                    throw new ServerBusyException(503, "busy", null);
                }
                return new PushResponse(retry.apply(request), 1, null);
            }
        };
    }

    private static Seeder seeder(SyncTransport transport) {
        return new Seeder(transport, SESSION, Clock.systemUTC(), 500);
    }

    @Test
    void aDuplicateOfAnAppliedMutationCounts() {
        SyncTransport transport = busyOnce(request -> request.mutations().stream()
                .map(m -> PushResult.applied(m.mutationId(), 1, List.of()).asDuplicate())
                .toList());

        Seeder.Result result = seeder(transport)
                .seed(new SampleData(1, Instant.parse("2026-11-25T09:00:00Z")), ONE_CUSTOMER, sent -> {});

        assertThat(result.total()).isEqualTo(1);
    }

    @Test
    void aDuplicateOfARefusedMutationFailsTheSeed() {
        SyncTransport transport = busyOnce(request -> {
            List<PushResult> results = new ArrayList<>();
            request.mutations()
                    .forEach(m -> results.add(
                            PushResult.rejected(m.mutationId(), ErrorCode.VALIDATION_FAILED, "bad sample", "firstName")
                                    .asDuplicate()));
            return results;
        });

        assertThatThrownBy(() -> seeder(transport)
                        .seed(new SampleData(1, Instant.parse("2026-11-25T09:00:00Z")), ONE_CUSTOMER, sent -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bad sample");
    }
}
