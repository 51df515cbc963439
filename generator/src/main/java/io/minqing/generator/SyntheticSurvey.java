package io.minqing.generator;

import io.minqing.contract.Codes.Satisfaction;
import io.minqing.contract.Codes.SurveyMethod;
import java.time.LocalDateTime;

/** One generated satisfaction survey (满意度测评); {@code caseId} null for a general survey. Null answers = not answered. */
record SyntheticSurvey(String surveyId, String caseId, String community, LocalDateTime surveyedAt, SurveyMethod method,
                       Boolean contacted, Boolean resolved, Satisfaction satisfaction, String comment, String phone) {
}
