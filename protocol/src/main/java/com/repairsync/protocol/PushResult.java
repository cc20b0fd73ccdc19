package com.repairsync.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The result of one pushed mutation.
 *
 * @param mutationId the mutation this result answers
 * @param status applied, duplicate or rejected
 * @param seq the change sequence of an applied mutation (also repeated for a duplicate)
 * @param code the stable error code of a rejection
 * @param message readable reason of a rejection, naming the field
 * @param field the offending field of a rejection, when there is one
 * @param firstStatus for a duplicate: the status of the first result
 * @param superseded for an applied upsert: fields whose value lost to a later write already stored
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PushResult(
        String mutationId,
        MutationStatus status,
        Long seq,
        ErrorCode code,
        String message,
        String field,
        MutationStatus firstStatus,
        List<String> superseded) {

    public static PushResult applied(String mutationId, long seq, List<String> superseded) {
        return new PushResult(
                mutationId,
                MutationStatus.APPLIED,
                seq,
                null,
                null,
                null,
                null,
                superseded.isEmpty() ? null : superseded);
    }

    public static PushResult rejected(String mutationId, ErrorCode code, String message, String field) {
        return new PushResult(mutationId, MutationStatus.REJECTED, null, code, message, field, null, null);
    }

    /** How the mutation ended: a duplicate's first status, any other result's own. */
    public MutationStatus outcome() {
        return status == MutationStatus.DUPLICATE ? firstStatus : status;
    }

    /** This result as it is repeated to a retry of the same mutation id. */
    public PushResult asDuplicate() {
        return new PushResult(mutationId, MutationStatus.DUPLICATE, seq, code, message, field, status, superseded);
    }
}
