"""What the benchmark summaries say about the machine they ran on."""


def cpu_model():
    """The processor's model name from /proc/cpuinfo, or "?"."""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "?"
