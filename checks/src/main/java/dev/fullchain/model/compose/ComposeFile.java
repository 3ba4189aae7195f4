package dev.fullchain.model.compose;

import java.util.List;

/** One compose file as written, before compose merges it with the others of the project. */
record ComposeFile(String path, int servicesLine, List<Service> services, List<NamedVolume> volumes,
                   List<Value> interpolations, List<Include> includes) {
}
