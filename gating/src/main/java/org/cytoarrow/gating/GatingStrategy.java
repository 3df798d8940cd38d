package org.cytoarrow.gating;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Sample;
import org.cytoarrow.core.compensation.SpilloverMatrix;
import org.cytoarrow.gating.xml.GatingMl;

/**
 * A set of gates forming a tree of populations, with the transformations and spectrum (spillover) matrices the
 * gates refer to. Immutable; checked on construction (unique ids, every reference resolves, no cycles).
 *
 * <p>Populations are the gates' regions within their parents; a {@link QuadrantGate} contributes one population per
 * quadrant and none for itself. A population is addressed by id or by its path from the root, e.g.
 * {@code /Cells/Singlets/CD138+}.
 */
public final class GatingStrategy {
    private final List<Gate> gates;
    private final Map<String, Transformation> transformations;
    private final Map<String, SpilloverMatrix> matrices;
    /** population id -> node, in evaluation order (parents and operands before dependents). */
    private final Map<String, PopulationNode> nodes;

    /**
     * @param gates           gates in document order
     * @param transformations transformations by id
     * @param matrices        spectrum matrices by id
     */
    public GatingStrategy(List<Gate> gates, Map<String, ? extends Transformation> transformations,
                          Map<String, SpilloverMatrix> matrices) {
        this.gates = List.copyOf(gates);
        this.transformations = Collections.unmodifiableMap(new LinkedHashMap<>(transformations));
        this.matrices = Collections.unmodifiableMap(new LinkedHashMap<>(matrices));
        this.nodes = Collections.unmodifiableMap(order(buildNodes()));
    }

    /** Reads a Gating-ML 2.0 file. */
    public static GatingStrategy read(Path path) {
        return GatingMl.read(path);
    }

    /** Gates in the order given. */
    public List<Gate> gates() {
        return gates;
    }

    public Map<String, Transformation> transformations() {
        return transformations;
    }

    /** Spectrum matrices by id (compensation-ref targets other than "FCS" and "uncompensated"). */
    public Map<String, SpilloverMatrix> matrices() {
        return matrices;
    }

    /** The gate with this id (quadrants are found through their {@link QuadrantGate}). */
    public Optional<Gate> gate(String id) {
        return gates.stream().filter(g -> g.id().equals(id)).findFirst();
    }

    /** Ids of all populations (gates and quadrants, not quadrant gates) in evaluation order. */
    public List<String> populationIds() {
        return List.copyOf(nodes.keySet());
    }

    /** The parent population id of a population, or null for a top-level one. */
    public String parentOf(String populationId) {
        return node(populationId).parentId();
    }

    /** The path of a population: parent ids from the root, e.g. {@code /Range1/Rect2}. */
    public String pathOf(String populationId) {
        StringBuilder sb = new StringBuilder();
        List<String> chain = new ArrayList<>();
        for (String id = populationId; id != null; id = node(id).parentId()) {
            chain.add(id);
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            sb.append('/').append(chain.get(i));
        }
        return sb.toString();
    }

    /** Finds a population by id or path. */
    public Optional<String> resolve(String idOrPath) {
        if (nodes.containsKey(idOrPath)) {
            return Optional.of(idOrPath);
        }
        return nodes.keySet().stream().filter(id -> pathOf(id).equals(idOrPath)).findFirst();
    }

    /**
     * Evaluates every population on the events of {@code frame} (scale values, compensated and transformed as the
     * dimensions say). Intermediate columns are computed once; independent gates run in parallel.
     */
    public GatingResult evaluate(EventFrame frame) {
        return new GatingEngine(this, frame).run();
    }

    /**
     * The channels of {@code sample} that {@link #evaluate} reads from its frame: the gates' channels, the two
     * channels of each ratio, and every detector of a spillover matrix that compensates one of them. A frame of
     * only these channels (as {@code FcsFile.read(dataset, allocator, channels)} reads it) gates exactly like the
     * whole frame, and is cheaper to read. Names are as the strategy and the matrices spell them; one the sample
     * lacks is included too (evaluation then fails on it as on the whole frame).
     */
    public Set<String> channelsRead(Sample sample) {
        return ColumnCache.channelsRead(this, sample, GatingEngine.dimensions(this));
    }

    PopulationNode node(String id) {
        PopulationNode n = nodes.get(id);
        if (n == null) {
            throw new IllegalArgumentException("No population '" + id + "'; populations are " + nodes.keySet());
        }
        return n;
    }

    Map<String, PopulationNode> nodes() {
        return nodes;
    }

    /**
     * A population: a non-quadrant gate, or one quadrant of a quadrant gate (then {@code region} is the quadrant
     * as a rectangle and {@code gate} the quadrant gate).
     */
    record PopulationNode(String id, String parentId, Gate gate, Gate region) {
        List<String> dependencies() {
            List<String> deps = new ArrayList<>();
            if (parentId != null) {
                deps.add(parentId);
            }
            if (region instanceof BooleanGate b) {
                b.operands().forEach(o -> deps.add(o.ref()));
            }
            return deps;
        }
    }

    private Map<String, PopulationNode> buildNodes() {
        Map<String, PopulationNode> out = new LinkedHashMap<>();
        Set<String> all = new HashSet<>();
        for (Gate g : gates) {
            if (!all.add(g.id())) {
                throw invalid("Duplicate gate id '" + g.id() + "'");
            }
            if (g instanceof QuadrantGate q) {
                for (QuadrantGate.Quadrant quad : q.quadrants()) {
                    if (!all.add(quad.id())) {
                        throw invalid("Duplicate id '" + quad.id() + "' (quadrant of " + q.id() + ")");
                    }
                    out.put(quad.id(), new PopulationNode(quad.id(), q.parentId(), q, q.asRectangle(quad)));
                }
            } else {
                out.put(g.id(), new PopulationNode(g.id(), g.parentId(), g, g));
            }
        }
        for (Gate g : gates) {
            for (Dimension d : g.dimensions()) {
                checkDimension(g.id(), d);
            }
        }
        for (PopulationNode n : out.values()) {
            for (String dep : n.dependencies()) {
                if (!out.containsKey(dep)) {
                    String why = all.contains(dep) ? " (a quadrant gate is not a population: use one of its quadrants)"
                            : "";
                    throw invalid("Gate '" + n.gate().id() + "' refers to unknown population '" + dep + "'" + why);
                }
            }
        }
        return out;
    }

    private void checkDimension(String gateId, Dimension d) {
        String c = d.compensationRef();
        if (!c.equals(Dimension.UNCOMPENSATED) && !c.equals(Dimension.FCS) && !matrices.containsKey(c)) {
            throw invalid("Gate '" + gateId + "': compensation-ref '" + c + "' is neither 'FCS', 'uncompensated' nor"
                    + " a spectrum matrix id " + matrices.keySet());
        }
        if (d.transformRef() != null && !(transformations.get(d.transformRef()) instanceof ScaleTransformation)) {
            throw invalid("Gate '" + gateId + "': transformation-ref '" + d.transformRef()
                    + "' is not a scale transformation of this strategy " + transformations.keySet());
        }
        if (d.isRatio() && !(transformations.get(d.ratioRef()) instanceof RatioTransformation)) {
            throw invalid("Gate '" + gateId + "': new-dimension refers to '" + d.ratioRef()
                    + "', which is not an fratio transformation of this strategy " + transformations.keySet());
        }
    }

    /** Topological order (dependencies first), stable with respect to document order; rejects cycles. */
    private static Map<String, PopulationNode> order(Map<String, PopulationNode> in) {
        Map<String, PopulationNode> out = new LinkedHashMap<>();
        Map<String, Integer> state = new HashMap<>();
        for (String id : in.keySet()) {
            visit(id, in, state, out, new ArrayList<>());
        }
        return out;
    }

    private static void visit(String id, Map<String, PopulationNode> in, Map<String, Integer> state,
                              Map<String, PopulationNode> out, List<String> stack) {
        Integer s = state.get(id);
        if (s != null && s == 2) {
            return;
        }
        stack.add(id);
        if (s != null) {
            throw invalid("Gates form a cycle: " + String.join(" -> ", stack));
        }
        state.put(id, 1);
        for (String dep : in.get(id).dependencies()) {
            visit(dep, in, state, out, stack);
        }
        state.put(id, 2);
        stack.remove(stack.size() - 1);
        out.put(id, in.get(id));
    }

    private static IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException(message);
    }

    @Override
    public String toString() {
        return "GatingStrategy[" + nodes.size() + " populations, " + transformations.size() + " transformations, "
                + matrices.size() + " matrices]";
    }
}
