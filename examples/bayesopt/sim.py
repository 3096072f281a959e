"""An 'expensive simulation' for examples/bayesopt/command.toml: reads the point as a JSON
list on stdin and prints one number (the 2-D Rosenbrock function, minimum 0 at (1, 1))."""
import json
import sys

x = json.load(sys.stdin)
print(sum(100.0 * (x[i + 1] - x[i] ** 2) ** 2 + (1.0 - x[i]) ** 2 for i in range(len(x) - 1)))
