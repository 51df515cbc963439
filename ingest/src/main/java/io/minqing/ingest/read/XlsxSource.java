package io.minqing.ingest.read;

import io.minqing.contract.Codes.RejectReason;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;

/**
 * One sheet of an XLSX workbook, streamed with StAX over the sheet XML (POI's event model: the sheet is never
 * loaded as a whole). Row numbers are Excel's (1-based, header usually row 1). Cells are rendered as text:
 * shared/inline strings as is, numbers without a trailing ".0", date-formatted numbers as
 * {@code yyyy-MM-dd HH:mm:ss}, booleans TRUE/FALSE. A formula cell gives its cached result (counted as
 * {@code formula_cached_value}); a formula with no cached result, or an error result (#DIV/0! …), makes the row a
 * FORMULA_CELL reject. Empty rows are skipped and counted.
 */
public final class XlsxSource implements RecordSource {

    private static final DateTimeFormatter CELL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String label;
    private final OPCPackage pkg;
    private final ReadOnlySharedStringsTable strings;
    private final StylesTable styles;
    private final InputStream sheetIn;
    private final XMLStreamReader xml;
    private final Map<String, Long> counters = new TreeMap<>();
    private List<String> headers = new ArrayList<>();
    private SourceRecord next;

    /** Sheet names of a workbook, in workbook order. */
    public static List<String> sheetNames(File file) {
        try (OPCPackage p = OPCPackage.open(file, PackageAccess.READ)) {
            XSSFReader r = new XSSFReader(p);
            XSSFReader.SheetIterator it = (XSSFReader.SheetIterator) r.getSheetsData();
            List<String> names = new ArrayList<>();
            while (it.hasNext()) {
                it.next().close();
                names.add(it.getSheetName());
            }
            return names;
        } catch (IOException | OpenXML4JException | RuntimeException e) {
            throw io.minqing.ingest.IngestErrors.unreadableFile(file.getName(), "it is not a readable XLSX workbook (" + e.getMessage() + ")");
        }
    }

    public XlsxSource(File file, String sheet, String label) {
        this.label = label;
        try {
            pkg = OPCPackage.open(file, PackageAccess.READ);
            XSSFReader r = new XSSFReader(pkg);
            strings = new ReadOnlySharedStringsTable(pkg);
            styles = r.getStylesTable();
            XSSFReader.SheetIterator it = (XSSFReader.SheetIterator) r.getSheetsData();
            InputStream found = null;
            while (it.hasNext()) {
                InputStream s = it.next();
                if (found == null && it.getSheetName().equals(sheet)) {
                    found = s;
                } else {
                    s.close();
                }
            }
            if (found == null) {
                throw new IllegalStateException("sheet " + sheet + " disappeared from " + file);
            }
            sheetIn = found;
            XMLInputFactory f = XMLInputFactory.newFactory();
            f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            xml = f.createXMLStreamReader(sheetIn);
        } catch (IOException | OpenXML4JException | XMLStreamException | org.xml.sax.SAXException e) {
            throw io.minqing.ingest.IngestErrors.unreadableFile(label, "it is not a readable XLSX workbook (" + e.getMessage() + ")");
        }
        readHeader();
    }

    private record Cell(int col, String value, String problem) {
    }

    private record RawRow(long no, List<Cell> cells) {
    }

    private RawRow readRow() {
        try {
            while (xml.hasNext()) {
                int ev = xml.next();
                if (ev == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("row")) {
                    String r = xml.getAttributeValue(null, "r");
                    long no = r == null ? -1 : Long.parseLong(r);
                    List<Cell> cells = new ArrayList<>();
                    int autoCol = 0;
                    while (xml.hasNext()) {
                        ev = xml.next();
                        if (ev == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("c")) {
                            Cell c = readCell(autoCol);
                            cells.add(c);
                            autoCol = c.col + 1;
                        } else if (ev == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("row")) {
                            break;
                        }
                    }
                    return new RawRow(no, cells);
                }
            }
            return null;
        } catch (XMLStreamException e) {
            throw io.minqing.ingest.IngestErrors.unreadableFile(label, "the sheet XML is broken (" + e.getMessage() + ")");
        }
    }

    private Cell readCell(int autoCol) throws XMLStreamException {
        String ref = xml.getAttributeValue(null, "r");
        String type = xml.getAttributeValue(null, "t");
        String style = xml.getAttributeValue(null, "s");
        int col = ref == null ? autoCol : columnIndex(ref);
        String v = null;
        StringBuilder inline = null;
        boolean formula = false;
        while (xml.hasNext()) {
            int ev = xml.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "f" -> {
                        formula = true;
                        xml.getElementText();
                    }
                    case "v" -> v = xml.getElementText();
                    case "t" -> {
                        if (inline == null) {
                            inline = new StringBuilder();
                        }
                        inline.append(xml.getElementText());
                    }
                    default -> {
                    }
                }
            } else if (ev == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("c")) {
                break;
            }
        }
        String where = ref == null ? "column " + (col + 1) : ref;
        if ("e".equals(type)) {
            return new Cell(col, v, "cell " + where + " holds an Excel error " + v + (formula ? " (from a formula)" : ""));
        }
        if (formula && (v == null || (v.isEmpty() && !"str".equals(type)))) {
            // no saved result: <f> without <v>, or a numeric/boolean formula with an empty <v/> as some writers leave
            // it (an empty <v/> of a t="str" formula is a saved empty text)
            return new Cell(col, null, "cell " + where + " holds a formula with no saved result");
        }
        if (formula) {
            counters.merge("formula_cached_value", 1L, Long::sum);
        }
        String text;
        if ("inlineStr".equals(type)) {
            text = inline == null ? "" : inline.toString();
        } else if (v == null) {
            text = "";
        } else if ("s".equals(type)) {
            text = strings.getItemAt(Integer.parseInt(v.trim())).getString();
        } else if ("str".equals(type)) {
            text = v;
        } else if ("b".equals(type)) {
            text = "1".equals(v.trim()) ? "TRUE" : "FALSE";
        } else {
            text = number(v.trim(), style);
        }
        return new Cell(col, text, null);
    }

    private String number(String v, String style) {
        if (v.isEmpty()) {
            return "";
        }
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return v;
        }
        if (style != null && styles != null) {
            XSSFCellStyle st = styles.getStyleAt(Integer.parseInt(style));
            if (st != null && DateUtil.isADateFormat(st.getDataFormat(), st.getDataFormatString()) && DateUtil.isValidExcelDate(d)) {
                LocalDateTime t = DateUtil.getLocalDateTime(d, false, true);
                return t.format(CELL);
            }
        }
        BigDecimal b = new BigDecimal(v);
        return b.stripTrailingZeros().scale() <= 0 ? b.toBigInteger().toString() : b.stripTrailingZeros().toPlainString();
    }

    static int columnIndex(String ref) {
        int c = 0;
        for (int i = 0; i < ref.length(); i++) {
            char ch = ref.charAt(i);
            if (ch < 'A' || ch > 'Z') {
                break;
            }
            c = c * 26 + (ch - 'A' + 1);
        }
        return c - 1;
    }

    private static boolean blank(RawRow r) {
        return r.cells.stream().allMatch(c -> c.problem == null && (c.value == null || c.value.isBlank()));
    }

    private void readHeader() {
        RawRow h;
        while ((h = readRow()) != null && blank(h)) {
            counters.merge("blank_lines", 1L, Long::sum);
        }
        if (h == null) {
            return;
        }
        int max = h.cells.stream().mapToInt(Cell::col).max().orElse(-1);
        String[] names = new String[max + 1];
        for (Cell c : h.cells) {
            names[c.col] = c.value == null ? "" : c.value.trim();
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i <= max; i++) {
            String n = names[i] == null ? "" : names[i];
            if (n.isEmpty()) {
                n = "#col" + (i + 1);
            }
            int k = seen.merge(n, 1, Integer::sum);
            headers.add(k == 1 ? n : n + "#" + k);
        }
    }

    private SourceRecord toRecord(RawRow r) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String h : headers) {
            fields.put(h, "");
        }
        StringBuilder raw = new StringBuilder();
        String problem = null;
        String extra = null;
        for (Cell c : r.cells) {
            if (c.problem != null && problem == null) {
                problem = c.problem;
            }
            String v = c.value == null ? "" : c.value;
            if (c.col < headers.size()) {
                fields.put(headers.get(c.col), v);
            } else if (!v.isBlank() && extra == null) {
                extra = v;
            }
        }
        for (Cell c : r.cells) {
            if (raw.length() > 0) {
                raw.append(" | ");
            }
            String h = c.col < headers.size() ? headers.get(c.col) : "col" + (c.col + 1);
            raw.append(h).append('=').append(c.value == null ? "" : c.value);
        }
        SourceRecord.Problem p = null;
        if (problem != null) {
            p = new SourceRecord.Problem(RejectReason.FORMULA_CELL, null, null, "Row " + r.no + ": " + problem
                    + ". Open the workbook in Excel, recalculate and save it (or paste the values) before exporting.");
        } else if (extra != null) {
            p = new SourceRecord.Problem(RejectReason.TOO_MANY_COLUMNS, null, extra, "Row " + r.no
                    + " has a value ('" + extra + "') right of the last header column. Give the column a header or remove the value.");
        }
        return new SourceRecord(r.no, fields, raw.toString(), p);
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            RawRow r = readRow();
            if (r == null) {
                return false;
            }
            if (blank(r)) {
                counters.merge("blank_lines", 1L, Long::sum);
                continue;
            }
            next = toRecord(r);
        }
        return true;
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SourceRecord r = next;
        next = null;
        return r;
    }

    @Override
    public List<String> headers() {
        return headers;
    }

    @Override
    public String encoding() {
        return "XLSX";
    }

    @Override
    public Map<String, Long> counters() {
        return counters;
    }

    @Override
    public void close() throws IOException {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            // closing a reader we are done with
        }
        sheetIn.close();
        pkg.revert();
    }

}
