/**
 * RepairSync's wire and data model: the entity declarations, the merge rules, mutations, pull
 * pages, error codes and versions. No I/O. Shared by the server and every device.
 */
module com.repairsync.protocol {
    requires transitive com.fasterxml.jackson.databind;

    exports com.repairsync.protocol;
    exports com.repairsync.protocol.merge;
    exports com.repairsync.protocol.schema;

    // Jackson reads and writes the wire records by reflection.
    opens com.repairsync.protocol to
            com.fasterxml.jackson.databind;
    opens com.repairsync.protocol.merge to
            com.fasterxml.jackson.databind;
    opens com.repairsync.protocol.schema to
            com.fasterxml.jackson.databind;
}
