package com.repairsync.client.records;

import com.repairsync.client.internal.DeviceCore;
import com.repairsync.protocol.WireInstant;
import com.repairsync.protocol.schema.Schema;
import java.time.Instant;
import java.util.List;

/** Appointments; lists are ordered by when they start. */
public final class Appointments extends Repository<Appointment, NewAppointment, AppointmentChanges> {
    Appointments(DeviceCore core) {
        super(core, Schema.APPOINTMENTS, Appointment.class, AppointmentChanges::new);
    }

    /** Every appointment starting in [from, to), earliest first. */
    public List<Appointment> between(Instant from, Instant to) {
        return list(startingBetween(from, to), byStart(Order.OLDEST_FIRST), ALL);
    }

    /** At most {@code limit} appointments starting in [from, to). */
    public List<Appointment> between(Instant from, Instant to, Order order, int limit) {
        return list(startingBetween(from, to), byStart(order), positive(limit));
    }

    /** At most {@code limit} appointments of the customer. */
    public List<Appointment> ofCustomer(String customerId, Order order, int limit) {
        return list(Where.equal("customerId", customerId), byStart(order), positive(limit));
    }

    private static Where startingBetween(Instant from, Instant to) {
        return new Where(
                field("startsAt") + " >= ? AND " + field("startsAt") + " < ?",
                WireInstant.format(from),
                WireInstant.format(to));
    }

    private static String byStart(Order order) {
        return field("startsAt") + " " + order.sql();
    }
}
