package com.repairsync.client.records;

import com.repairsync.client.internal.DeviceCore;
import com.repairsync.protocol.WireInstant;
import com.repairsync.protocol.schema.Schema;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** Appointments. */
public final class Appointments extends Repository<Appointment> {
    public Appointments(DeviceCore core) {
        super(core, Schema.APPOINTMENTS, Appointment.class);
    }

    /** Appointments starting in [from, to), earliest first. */
    public List<Appointment> between(Instant from, Instant to) {
        return sorted(
                list(
                        field("startsAt") + " >= ? AND " + field("startsAt") + " < ?",
                        WireInstant.format(from),
                        WireInstant.format(to)),
                Comparator.comparing(Appointment::startsAt));
    }
}
