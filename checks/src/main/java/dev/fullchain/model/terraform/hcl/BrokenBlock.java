package dev.fullchain.model.terraform.hcl;

import java.util.List;

/**
 * A top-level block that could not be read to its end. What its header said is kept (type
 * and the labels read before the error) so that only checks that read such blocks fail;
 * {@code type} is null when even that could not be read (then any check may be concerned).
 */
public record BrokenBlock(String type, List<String> labels, HclError error) {

    /** Whether this broken block may be a block of the given type (and first label, when not null). */
    public boolean mayBe(String blockType, String firstLabel) {
        if (type == null) {
            return true;
        }
        if (!type.equals(blockType)) {
            return false;
        }
        return firstLabel == null || labels.isEmpty() || labels.get(0).equals(firstLabel);
    }

    public String describe() {
        if (type == null) {
            return "an unreadable block";
        }
        StringBuilder b = new StringBuilder(type);
        labels.forEach(l -> b.append(" \"").append(l).append('"'));
        return b.toString();
    }
}
