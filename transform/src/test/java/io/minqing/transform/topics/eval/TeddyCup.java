package io.minqing.transform.topics.eval;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Reads the real Teddy Cup 2020 C messages (留言) with POI: id, subject (留言主题), detail (留言详情), label (一级分类). */
public final class TeddyCup {

    public record Message(String id, String subject, String detail, String label) {
    }

    private TeddyCup() {
    }

    /** sample/附件2.xlsx: the 495 labelled messages (494 after dropping the duplicated 留言编号 37042). */
    public static List<Message> labelled(Path realData) throws IOException {
        return read(realData.resolve("teddycup2020c/sample/附件2.xlsx"), true);
    }

    /** full/附件3.xlsx: 4,326 unlabelled messages. */
    public static List<Message> unlabelled(Path realData) throws IOException {
        return read(realData.resolve("teddycup2020c/full/附件3.xlsx"), false);
    }

    /**
     * The labelled messages followed by every message of the full attachments (附件3, 附件4, 测试数据), whose ids are
     * prefixed with their file so they stay distinct: the corpus the unsupervised topics are fitted on.
     */
    public static List<Message> labelledAndFull(Path realData) throws IOException {
        List<Message> all = new java.util.ArrayList<>(labelled(realData));
        for (String f : new String[] {"full/附件3.xlsx", "full/附件4.xlsx", "full/测试数据.xlsx"}) {
            for (Message m : read(realData.resolve("teddycup2020c/" + f), false)) {
                all.add(new Message(f + "#" + m.id(), m.subject(), m.detail(), null));
            }
        }
        return all;
    }

    static List<Message> read(Path file, boolean labelled) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("Teddy Cup file not found: " + file);
        }
        List<Message> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        DataFormatter fmt = new DataFormatter();
        try (InputStream in = Files.newInputStream(file); Workbook wb = new XSSFWorkbook(in)) {
            Sheet sheet = wb.getSheetAt(0);
            Map<String, Integer> col = new HashMap<>();
            Row header = sheet.getRow(0);
            for (Cell c : header) {
                col.put(fmt.formatCellValue(c).strip(), c.getColumnIndex());
            }
            for (int i = 1; i <= sheet.getLastRowNum(); i++) {
                Row r = sheet.getRow(i);
                if (r == null) {
                    continue;
                }
                String id = fmt.formatCellValue(r.getCell(col.get("留言编号"))).strip();
                if (id.isEmpty() || !seen.add(id)) {
                    continue;
                }
                String label = labelled ? fmt.formatCellValue(r.getCell(col.get("一级分类"))).strip() : null;
                out.add(new Message(id, fmt.formatCellValue(r.getCell(col.get("留言主题"))).strip(),
                        fmt.formatCellValue(r.getCell(col.get("留言详情"))).strip(), label));
            }
        }
        return out;
    }
}
