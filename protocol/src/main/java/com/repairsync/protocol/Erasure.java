package com.repairsync.protocol;

/**
 * What erasing a customer did ({@code POST /v1/records/customers/{id}/erase}, wire version 6).
 *
 * @param entity the erased record's entity
 * @param recordId the erased record
 * @param erasedBy the admin who erased it
 * @param erasedAt when ({@link WireInstant})
 * @param records how many records lost personal values (the customer, its tickets, appointments
 *     and attachments)
 * @param files how many stored files (photos, signatures, documents) were deleted
 */
public record Erasure(String entity, String recordId, String erasedBy, String erasedAt, int records, int files) {}
