/**
 * The RepairSync device SDK: a device's typed records, its local store and its sync with the
 * server. Only the API packages are exported; the engine ({@code com.repairsync.client.internal})
 * is not, so code built on the SDK cannot reach it (see docs/client.md).
 */
@SuppressWarnings("requires-automatic") // flyway, password4j and java-keyring ship no module name
module com.repairsync.client {
    requires transitive com.repairsync.protocol;
    requires transitive java.net.http;
    requires java.sql;
    requires java.desktop; // ImageIO, for the thumbnails of photos
    requires com.fasterxml.jackson.datatype.jsr310;
    requires org.xerial.sqlitejdbc;
    requires org.slf4j;
    requires flyway.core;
    requires password4j;
    requires java.keyring;

    exports com.repairsync.client;
    exports com.repairsync.client.records;
    exports com.repairsync.client.transport;

    // Jackson reads the typed records, the server's answers and the engine's stored JSON into
    // (often private) records by reflection.
    opens com.repairsync.client to
            com.fasterxml.jackson.databind;
    opens com.repairsync.client.records to
            com.fasterxml.jackson.databind;
    opens com.repairsync.client.transport to
            com.fasterxml.jackson.databind;
    opens com.repairsync.client.internal to
            com.fasterxml.jackson.databind;
}
