package io.minqing.transform.topics.testing;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_timestamp_ntz;

import io.minqing.contract.Contract;
import io.minqing.contract.spark.SparkSchemas;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Test scaffolding: stages the generator's clean exports/cases.csv into lake/staged/cases with only the columns the
 * topics stage reads filled faithfully (ids, community, title, description, address, received_at); the rest get
 * contract-valid placeholders. The real ingest stage replaces this once it is on main.
 */
public final class CleanExportStager {

    private CleanExportStager() {
    }

    public static Dataset<Row> read(SparkSession spark, Path casesCsv) {
        Dataset<Row> raw = spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"")
                .csv(casesCsv.toString());
        Column received = to_timestamp_ntz(col("收件时间"), lit("yyyy-MM-dd HH:mm:ss"));
        List<Column> cols = new ArrayList<>();
        for (StructField f : SparkSchemas.structType(Contract.CASES).fields()) {
            Column c = switch (f.name()) {
                case "case_id" -> col("件号");
                case "source" -> lit("sample-district");
                case "street" -> col("街道");
                case "community" -> col("社区");
                case "grid" -> col("网格");
                case "channel" -> lit("other");
                case "is_proactive" -> col("主动发现").equalTo("是");
                case "category" -> col("类别");
                case "title" -> col("标题");
                case "description" -> col("诉求内容");
                case "address" -> col("地址");
                case "received_at" -> received;
                case "priority" -> lit("normal");
                case "status" -> lit("resolved");
                case "escalation_level" -> lit("community");
                case "departments" -> array().cast(DataTypes.createArrayType(DataTypes.StringType, false));
                case "source_file" -> lit("cases.csv");
                case "source_row" -> lit(0L);
                case "received_month" -> date_format(received, "yyyy-MM");
                default -> lit(null).cast(f.dataType());
            };
            cols.add(c.cast(f.dataType()).as(f.name()));
        }
        return raw.select(cols.toArray(Column[]::new));
    }

    public static void stage(SparkSession spark, Path casesCsv, Path lake) {
        read(spark, casesCsv).write().mode(SaveMode.Overwrite).partitionBy("received_month")
                .parquet(lake.resolve("staged/cases").toString());
    }
}
