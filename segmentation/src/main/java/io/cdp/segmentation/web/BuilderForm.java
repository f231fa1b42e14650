package io.cdp.segmentation.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lombok.AccessLevel;
import lombok.Getter;
import lombok.Setter;
import lombok.experimental.Accessors;

import io.cdp.segmentation.Condition;
import io.cdp.segmentation.DefinitionError;
import io.cdp.segmentation.SegmentDefinition;
import io.cdp.segmentation.catalog.DefinitionCatalog;
import io.cdp.segmentation.catalog.DefinitionRequest;

/**
 * The segment builder's form: what it posts and what it shows again. Buttons post {@code action}
 * ({@code add-condition:0.1}, {@code add-group:}, {@code remove:0.1}, {@code add-filter:2}, {@code remove-filter:2:0},
 * {@code save}); every button but save changes the tree and the page is shown again, which htmx does in place.
 */
@Getter
@Setter
@Accessors(fluent = false)
public class BuilderForm {

    private String id;
    private String name;
    private String position;
    private String action;
    private BuilderNode root = BuilderNode.group("and");
    /**
     * The id of the control that takes the keyboard focus when the page comes back after a structural button: what
     * was added, or what follows what was removed, so that a keyboard user goes on from there (never bound).
     */
    @Setter(AccessLevel.NONE)
    private String focus;
    /** Problems about the form's own fields (id, name, position), by field. */
    private final Map<String, String> problems = new HashMap<>();

    static BuilderForm of(DefinitionCatalog.Current current) {
        BuilderForm form = new BuilderForm();
        SegmentDefinition definition = current.definition();
        form.id = definition.id();
        form.name = definition.name();
        form.position = current.position() == null ? null : current.position().toString();
        form.root = BuilderNode.root(definition.condition());
        return form;
    }

    /** A new draft starts with one empty trait line, so that there is something to fill in. */
    static BuilderForm blank() {
        BuilderForm form = new BuilderForm();
        form.root.getChildren().add(new BuilderNode());
        return form;
    }

    /** Applies a structural button; false when the action is not one (save, or nothing). */
    boolean applyStructural() {
        focus = null;
        if (action == null || !action.contains(":")) {
            return false;
        }
        String[] parts = action.split(":", -1);
        String path = parts[1];
        BuilderNode node = root.at(path);
        if (node == null) {
            return true;
        }
        switch (parts[0]) {
            case "add-condition" -> {
                node.getChildren().add(new BuilderNode());
                focus = "kind-" + uid(child(path, node.getChildren().size() - 1));
            }
            case "add-group" -> {
                BuilderNode group = BuilderNode.group("or");
                group.getChildren().add(new BuilderNode());
                node.getChildren().add(group);
                focus = "kind-" + uid(child(child(path, node.getChildren().size() - 1), 0));
            }
            case "remove" -> {
                int cut = path.lastIndexOf('.');
                String parentPath = cut < 0 ? "" : path.substring(0, cut);
                BuilderNode parent = root.at(parentPath);
                if (parent != null && !path.isEmpty()) {
                    int index = parent.getChildren().indexOf(node);
                    parent.getChildren().remove(node);
                    focus = index < parent.getChildren().size()
                            ? (parent.getChildren().get(index).isGroup() ? "join-" : "kind-") + uid(path)
                            : "add-condition-" + uid(parentPath);
                }
            }
            case "add-filter" -> {
                node.getFilters().add(BuilderNode.filter());
                focus = "fkey-" + uid(path) + "-" + (node.getFilters().size() - 1);
            }
            case "remove-filter" -> {
                int i = Integer.parseInt(parts[2]);
                if (i >= 0 && i < node.getFilters().size()) {
                    node.getFilters().remove(i);
                }
                focus = i < node.getFilters().size() ? "fkey-" + uid(path) + "-" + i : "add-filter-" + uid(path);
            }
            default -> {
                // "refresh": show the fields of the chosen condition types
            }
        }
        return true;
    }

    /** The path of a node's child, as the buttons post it ("" is the root, "1.0" the first line of the second). */
    private static String child(String path, int index) {
        return path.isEmpty() ? String.valueOf(index) : path + "." + index;
    }

    /** The suffix of a node's control ids, as the template writes them. */
    private static String uid(String path) {
        return path.isEmpty() ? "root" : path.replace('.', '-');
    }

    /** The draft as the definitions API takes it, and where each JSON path of it lives in the form. */
    record Draft(DefinitionRequest request, Map<String, BuilderNode> nodes, List<DefinitionError> errors) {
    }

    Draft draft(String fixedId) {
        Map<String, BuilderNode> nodes = new LinkedHashMap<>();
        List<DefinitionError> errors = new ArrayList<>();
        Condition condition = root.condition("$.condition", nodes, errors);
        Integer pos = BuilderNode.integer(position, "$.position", errors);
        String draftId = fixedId != null ? fixedId : (id == null || id.isBlank() ? null : id.strip());
        return new Draft(new DefinitionRequest(draftId, name == null || name.isBlank() ? null : name.strip(),
                condition, null, pos), nodes, errors);
    }

    /**
     * Puts each error next to what it names: the deepest node whose JSON path starts the error's path, or the
     * form's own field. Returns the errors that fit nowhere (shown above the form).
     */
    List<String> place(List<DefinitionError> errors, Map<String, BuilderNode> nodes) {
        root.clearProblems();
        problems.clear();
        List<String> elsewhere = new ArrayList<>();
        for (DefinitionError error : errors) {
            String path = error.path();
            BuilderNode owner = null;
            String ownerPath = "";
            for (Map.Entry<String, BuilderNode> node : nodes.entrySet()) {
                String p = node.getKey();
                boolean within = path.equals(p) || path.startsWith(p + ".") || path.startsWith(p + "[");
                if (within && p.length() >= ownerPath.length()) {
                    owner = node.getValue();
                    ownerPath = p;
                }
            }
            if (owner != null) {
                owner.addProblem(ConditionWords.field(path.substring(ownerPath.length())) + error.message());
            } else if (path.equals("$.id") || path.equals("$.name") || path.equals("$.position")) {
                problems.put(path.substring(2), error.message());
            } else {
                elsewhere.add(error.message());
            }
        }
        return elsewhere;
    }
}
