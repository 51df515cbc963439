package io.minqing.generator;

import io.minqing.contract.Codes.Channel;
import io.minqing.contract.Codes.EscalationLevel;
import io.minqing.contract.Codes.HandlerType;
import io.minqing.contract.Codes.Priority;
import io.minqing.contract.Codes.Status;
import java.time.LocalDateTime;
import java.util.List;

/**
 * One generated case (民情件) as the source system holds it at the as-of cut-off, plus its ground truth
 * (theme, story). Raw personal data (联系人, 联系电话, 快递员) is included: exports carry it, ingest pseudonymises it.
 */
record SyntheticCase(String caseId, String street, String community, String grid, Channel channel, boolean proactive,
                     String category, String title, String description, String address, String contactName,
                     String phone, LocalDateTime receivedAt, LocalDateTime dispatchedAt, LocalDateTime resolvedAt,
                     LocalDateTime feedbackAt, LocalDateTime dueAt, Priority priority, Status status, String handlerName,
                     HandlerType handlerType, EscalationLevel escalation, List<String> departments,
                     String resolutionNote, LocalDateTime updatedAt, Theme theme, String storyId) {
}
