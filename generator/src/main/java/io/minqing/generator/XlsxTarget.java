package io.minqing.generator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * A messy XLSX export, streamed with POI's SXSSF (bounded memory). Times are real Excel date cells
 * (yyyy-mm-dd hh:mm:ss) unless a defect writes them as text. A sheet holds at most {@link #SHEET_ROWS} data rows;
 * more go to 民情件(2), 民情件(3) …. Made byte-for-byte repeatable: fixed document dates and fixed zip entry times.
 */
final class XlsxTarget extends Target {

    static final int SHEET_ROWS = 1_000_000;
    /** The document and zip entry time written into every XLSX (POI would write "now"). */
    static final LocalDateTime FIXED_TIME = LocalDateTime.of(2021, 9, 1, 8, 0);

    private final Path file;
    private final String sheetBase;
    private final SXSSFWorkbook wb;
    private final CellStyle timeStyle;
    private final List<String> sheets = new ArrayList<>();
    private Sheet sheet;
    private int rowInSheet;

    XlsxTarget(Path root, String path, String kind, List<String> canonical, List<String> headers, int[] layout,
               String sheetBase) {
        super(path, kind, canonical, headers, layout);
        this.file = root.resolve(path);
        this.sheetBase = sheetBase;
        this.wb = new SXSSFWorkbook(200);
        wb.setCompressTempFiles(false);
        this.timeStyle = wb.createCellStyle();
        timeStyle.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss"));
        newSheet();
    }

    private void newSheet() {
        String name = sheets.isEmpty() ? sheetBase : sheetBase + "(" + (sheets.size() + 1) + ")";
        sheet = wb.createSheet(name);
        sheets.add(name);
        Row h = sheet.createRow(0);
        for (int i = 0; i < headers.size(); i++) {
            h.createCell(i).setCellValue(headers.get(i));
        }
        rowInSheet = 1;
    }

    @Override
    Loc writeRow(Object[] cells) {
        if (rowInSheet > SHEET_ROWS) {
            newSheet();
        }
        Row row = sheet.createRow(rowInSheet++);
        for (int i = 0; i < cells.length; i++) {
            Object c = cells[i];
            if (c == null || "".equals(c)) {
                continue;
            }
            Cell cell = row.createCell(i);
            if (c instanceof LocalDateTime t) {
                cell.setCellValue(t);
                cell.setCellStyle(timeStyle);
            } else {
                cell.setCellValue((String) c);
            }
        }
        return new Loc(null, sheets.get(sheets.size() - 1), (long) rowInSheet);
    }

    @Override
    Loc blank() {
        if (rowInSheet > SHEET_ROWS) {
            newSheet();
        }
        rowInSheet++; // a row with no cells: POI writes nothing, Excel shows an empty row
        return new Loc(null, sheets.get(sheets.size() - 1), (long) rowInSheet);
    }

    @Override
    Loc headerLoc() {
        return new Loc(null, sheetBase, 1L);
    }

    @Override
    String formatTime(LocalDateTime t) {
        return Rows.time(t);
    }

    @Override
    ExportSink.ExportFile finish() throws IOException {
        flushPending();
        Date fixed = Date.from(FIXED_TIME.toInstant(ZoneOffset.UTC));
        var core = wb.getXSSFWorkbook().getProperties().getCoreProperties();
        core.setCreated(Optional.of(fixed));
        core.setModified(Optional.of(fixed));
        core.setCreator("minqing generate");
        Path raw = file.resolveSibling(file.getFileName() + ".raw");
        try (OutputStream os = Files.newOutputStream(raw)) {
            wb.write(os);
        } finally {
            wb.close();
        }
        rezipWithFixedTimes(raw, file);
        Files.delete(raw);
        return new ExportSink.ExportFile(path, kind, "xlsx", null, false, null, headers, rows, List.copyOf(sheets),
                List.of("Excel date cells (number format yyyy-mm-dd hh:mm:ss)"));
    }

    /** Copies the zip with every entry's time set to {@link #FIXED_TIME}, so the bytes do not depend on the clock. */
    static void rezipWithFixedTimes(Path in, Path out) throws IOException {
        try (ZipFile zin = new ZipFile(in.toFile());
             ZipOutputStream zout = new ZipOutputStream(Files.newOutputStream(out))) {
            byte[] buf = new byte[1 << 16];
            for (ZipEntry e : java.util.Collections.list(zin.entries())) {
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTimeLocal(FIXED_TIME);
                zout.putNextEntry(copy);
                try (InputStream is = zin.getInputStream(e)) {
                    copyStream(is, zout, buf);
                }
                zout.closeEntry();
            }
        }
    }

    private static void copyStream(InputStream in, OutputStream out, byte[] buf) throws IOException {
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
        }
    }
}
