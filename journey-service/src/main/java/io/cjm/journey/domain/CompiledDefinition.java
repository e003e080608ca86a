package io.cjm.journey.domain;

import java.util.List;

/** A journey definition with its patterns normalized once, answering questions on normalized types. */
final class CompiledDefinition {

    private final JourneyDefinition definition;
    private final TypePatterns entry;
    private final List<TypePatterns> stages;
    private final TypePatterns goal;
    private final TypePatterns failure;

    CompiledDefinition(JourneyDefinition definition) {
        this.definition = definition;
        this.entry = TypePatterns.of(definition.entryPatterns());
        this.stages = definition.stages().stream().map(stage -> TypePatterns.of(stage.patterns())).toList();
        this.goal = TypePatterns.of(definition.goalPatterns());
        this.failure = TypePatterns.of(definition.failurePatterns());
    }

    JourneyDefinition definition() {
        return definition;
    }

    boolean opensOn(String type) {
        return entry.matchesNormalized(type);
    }

    /** The index of the first stage the type belongs to, or -1. */
    int stageIndex(String type) {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).matchesNormalized(type)) {
                return i;
            }
        }
        return -1;
    }

    String stageName(int index) {
        return index < 0 ? null : definition.stages().get(index).name();
    }

    boolean isGoal(String type) {
        return goal.matchesNormalized(type);
    }

    boolean isFailure(String type) {
        return failure.matchesNormalized(type);
    }

    /** Whether the type moves a journey of this definition on: a stage, goal or failure type. */
    boolean progresses(String type) {
        return stageIndex(type) >= 0 || isGoal(type) || isFailure(type);
    }

    /** Whether the type appears anywhere in this definition. */
    boolean recognizes(String type) {
        return opensOn(type) || progresses(type);
    }
}
