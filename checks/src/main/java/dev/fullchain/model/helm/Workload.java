package dev.fullchain.model.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rendered object that runs pods (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
 * CronJob or a bare Pod), with its pod template: what the probe, resource and security
 * checks walk.
 */
public record Workload(RenderedObject rendered, ObjectMeta podMetadata, PodSpec podSpec) {

    /** The pod-running view of an object; empty for objects that run no pods (Service, Secret, ...). */
    public static Optional<Workload> of(RenderedObject o) {
        HasMetadata obj = o.object();
        PodTemplateSpec template = null;
        if (obj instanceof Deployment d && d.getSpec() != null) {
            template = d.getSpec().getTemplate();
        } else if (obj instanceof StatefulSet s && s.getSpec() != null) {
            template = s.getSpec().getTemplate();
        } else if (obj instanceof DaemonSet s && s.getSpec() != null) {
            template = s.getSpec().getTemplate();
        } else if (obj instanceof ReplicaSet s && s.getSpec() != null) {
            template = s.getSpec().getTemplate();
        } else if (obj instanceof Job j && j.getSpec() != null) {
            template = j.getSpec().getTemplate();
        } else if (obj instanceof CronJob c && c.getSpec() != null && c.getSpec().getJobTemplate() != null
                && c.getSpec().getJobTemplate().getSpec() != null) {
            template = c.getSpec().getJobTemplate().getSpec().getTemplate();
        } else if (obj instanceof Pod p) {
            return Optional.of(new Workload(o, p.getMetadata(), p.getSpec() == null ? new PodSpec() : p.getSpec()));
        } else {
            return Optional.empty();
        }
        if (template == null) {
            return Optional.of(new Workload(o, new ObjectMeta(), new PodSpec()));
        }
        return Optional.of(new Workload(o, template.getMetadata() == null ? new ObjectMeta() : template.getMetadata(),
                template.getSpec() == null ? new PodSpec() : template.getSpec()));
    }

    public String id() {
        return rendered.id();
    }

    /** A Job or CronJob: its pods run to completion (no readiness to wait for, no liveness to restart on). */
    public boolean runsToCompletion() {
        return rendered.object() instanceof Job || rendered.object() instanceof CronJob;
    }

    public String template() {
        return rendered.template();
    }

    public String kind() {
        return rendered.kind();
    }

    /** The containers that serve (not the init containers). */
    public List<Container> containers() {
        return podSpec.getContainers() == null ? List.of() : podSpec.getContainers();
    }

    public List<Container> initContainers() {
        return podSpec.getInitContainers() == null ? List.of() : podSpec.getInitContainers();
    }

    /** Init containers first, then the others: every container the pod starts. */
    public List<Container> allContainers() {
        List<Container> all = new ArrayList<>(initContainers());
        all.addAll(containers());
        return all;
    }

    public Map<String, String> podLabels() {
        return podMetadata.getLabels() == null ? Map.of() : podMetadata.getLabels();
    }

    /** The app.kubernetes.io/component label of the object or its pods, if any. */
    public Optional<String> component() {
        String fromPods = podLabels().get(Labels.COMPONENT);
        if (fromPods != null) {
            return Optional.of(fromPods);
        }
        Map<String, String> labels = rendered.object().getMetadata().getLabels();
        return Optional.ofNullable(labels == null ? null : labels.get(Labels.COMPONENT));
    }

    /** "Deployment/web, container api", for messages. */
    public String describe(Container c) {
        boolean init = initContainers().contains(c);
        return id() + ", " + (init ? "init container " : "container ") + c.getName();
    }

    /** The replicas the object asks for, if it says (1 when a Deployment or StatefulSet leaves it out). */
    public Optional<Integer> replicas() {
        HasMetadata obj = rendered.object();
        if (obj instanceof Deployment d) {
            return Optional.of(d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas());
        }
        if (obj instanceof StatefulSet s) {
            return Optional.of(s.getSpec() == null || s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas());
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return rendered.toString();
    }
}
