package com.repairsync.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The status table runs both ways: a code's status, and a status's generic code. */
class ErrorCodeTest {
    @Test
    void everyCodesStatusHasAGenericCodeWithThatStatus() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(ErrorCode.forStatus(code.httpStatus()))
                    .as("generic code of %s's status %d", code, code.httpStatus())
                    .hasValueSatisfying(
                            generic -> assertThat(generic.httpStatus()).isEqualTo(code.httpStatus()));
        }
    }

    @Test
    void aGenericCodeMapsBackToItself() {
        assertThat(ErrorCode.forStatus(400)).contains(ErrorCode.MALFORMED_REQUEST);
        assertThat(ErrorCode.forStatus(401)).contains(ErrorCode.UNAUTHORIZED);
        assertThat(ErrorCode.forStatus(403)).contains(ErrorCode.FORBIDDEN);
        assertThat(ErrorCode.forStatus(404)).contains(ErrorCode.NOT_FOUND);
        assertThat(ErrorCode.forStatus(405)).contains(ErrorCode.METHOD_NOT_ALLOWED);
        assertThat(ErrorCode.forStatus(409)).contains(ErrorCode.CONFLICT);
        assertThat(ErrorCode.forStatus(413)).contains(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(ErrorCode.forStatus(415)).contains(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        assertThat(ErrorCode.forStatus(429)).contains(ErrorCode.RATE_LIMITED);
        assertThat(ErrorCode.forStatus(500)).contains(ErrorCode.INTERNAL);
        assertThat(ErrorCode.forStatus(503)).contains(ErrorCode.UNAVAILABLE);
    }

    @Test
    void aStatusNoCodeStandsForHasNone() {
        assertThat(ErrorCode.forStatus(502)).isEmpty();
        assertThat(ErrorCode.forStatus(418)).isEmpty();
        assertThat(ErrorCode.forStatus(200)).isEmpty();
    }
}
