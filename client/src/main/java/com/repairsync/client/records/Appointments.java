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
        return list(betweenListing(from, to, Order.OLDEST_FIRST), ALL);
    }

    /** At most {@code limit} appointments starting in [from, to). */
    public List<Appointment> between(Instant from, Instant to, Order order, int limit) {
        return list(betweenListing(from, to, order), positive(limit));
    }

    /**
     * The appointments starting on a day in a time zone (the front desk's "today"), earliest first,
     * at most {@code limit}.
     */
    public List<Appointment> onDay(java.time.LocalDate day, java.time.ZoneId zone, int limit) {
        return between(
                day.atStartOfDay(zone).toInstant(),
                day.plusDays(1).atStartOfDay(zone).toInstant(),
                Order.OLDEST_FIRST,
                limit);
    }

    /** At most {@code limit} appointments of the customer. */
    public List<Appointment> ofCustomer(String customerId, Order order, int limit) {
        return list(Where.equal("customerId", customerId), field("startsAt") + " " + order.sql(), positive(limit));
    }

    private static Where startingBetween(Instant from, Instant to) {
        return new Where(
                field("startsAt") + " >= ? AND " + field("startsAt") + " < ?",
                WireInstant.format(from),
                WireInstant.format(to));
    }

    /** Appointments starting in [from, to), read through the byStart index. */
    static Listing betweenListing(Instant from, Instant to, Order order) {
        return new Listing("byStart", startingBetween(from, to), byStart(order));
    }

    /** By start, then id in the same direction: the order of the byStart index. */
    private static String byStart(Order order) {
        return field("startsAt") + " " + order.sql() + ", " + byId(order);
    }
}
