package org.cytoarrow.gating;

import java.util.List;
import java.util.Objects;

/**
 * A Boolean combination of other populations (Gating-ML 2.0 {@code and}, {@code or}, {@code not}). Operands are
 * referenced by id; {@code use-as-complement} takes an operand's complement. An operand's membership is that of
 * the referenced population (including its own parents). As for every gate, the result is then intersected with
 * this gate's parent population.
 *
 * @param id       gate id
 * @param parentId parent population id, or null
 * @param op       the operation
 * @param operands two or more operands for AND/OR, exactly one for NOT
 */
public record BooleanGate(String id, String parentId, Op op, List<Operand> operands) implements Gate {

    public BooleanGate {
        Gate.requireId(id, "Gate");
        Objects.requireNonNull(op, "op");
        operands = List.copyOf(operands);
        boolean ok = op == Op.NOT ? operands.size() == 1 : operands.size() >= 2;
        if (!ok) {
            throw new IllegalArgumentException("BooleanGate " + id + ": " + op + " takes "
                    + (op == Op.NOT ? "exactly one operand" : "two or more operands") + ", got " + operands.size());
        }
    }

    @Override
    public List<Dimension> dimensions() {
        return List.of();
    }

    /** Boolean operation. */
    public enum Op {
        AND, OR, NOT
    }

    /**
     * A reference to another population.
     *
     * @param ref        the referenced gate or quadrant id
     * @param complement whether to use the complement of its membership
     */
    public record Operand(String ref, boolean complement) {
        public Operand {
            Gate.requireId(ref, "Operand");
        }
    }
}
