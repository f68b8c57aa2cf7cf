"""Private helpers of scripts/bench.py: the emulator subprocess, the contenders and the report."""
