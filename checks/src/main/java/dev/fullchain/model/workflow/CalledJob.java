package dev.fullchain.model.workflow;

/** A job of a local reusable workflow, as a calling job runs it (inputs written in). */
public record CalledJob(Workflow workflow, Job job) {

    public String describe() {
        return workflow.path() + " job " + job.id();
    }
}
