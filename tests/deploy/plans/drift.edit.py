# Hand edits between the apply of drift.before.json and the plan of drift.after.json.
import os
with open("out/edited.txt", "w") as f:
    f.write("line one\nline 2 (by hand)\n")
os.remove("out/removed.txt")
with open("out/accepted.txt", "w") as f:
    f.write("v2")
os.chmod("out/accepted.txt", 0o600)
