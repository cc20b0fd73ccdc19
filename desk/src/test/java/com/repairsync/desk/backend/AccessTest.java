package com.repairsync.desk.backend;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.client.records.Employee;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who sees the field editor: the permission table of {@code customFields} lets only an admin write it. */
class AccessTest {

    @ParameterizedTest
    @CsvSource({"admin, true", "manager, false", "technician, false", "front_desk, false"})
    void onlyAnAdminEditsTheShopsFields(String role, boolean edits) {
        Access access = new Access(new Employee("e1", "Ada", null, null, role, null, null, true, null, null, null));

        assertThat(access.editsCustomFields()).isEqualTo(edits);
    }

    @org.junit.jupiter.api.Test
    void nobodyEditsThemBeforeTheActingEmployeeIsKnown() {
        assertThat(new Access(null).editsCustomFields()).isFalse();
    }
}
