#!/usr/bin/env python3
"""Builds src/main/resources/demo/demo-papers.jsonl.gz, the demo set `bin/papers serve` loads into an empty store.

It takes the newest N listing days (default 90) of ../shared/data/hf-daily-papers.jsonl and every paper of
../shared/seed/seed-papers.jsonl (so the seed page's papers are always there), in the Hugging Face daily-papers
item shape the hf-daily importer reads, dropping fields the product does not use to keep the jar small.
Sources and licenses: ../shared/data/README.md (arXiv metadata CC0; HF items Apache-2.0).
Usage: scripts/build-demo-data.py [--days N] [--shared PATH]
"""
import argparse, gzip, json, os, sys

KEEP_PAPER = {"id", "authors", "publishedAt", "title", "summary", "upvotes", "discussionId", "submittedOnDailyAt",
              "submittedOnDailyBy", "ai_summary", "ai_keywords", "githubRepo", "githubStars", "projectPage",
              "organization", "ai_summary_model", "githubRepoAddedBy"}
# mediaUrls: the item's list (the importer reads it there first; paper.mediaUrls repeats it on newer items)
KEEP_ITEM = {"_date", "paper", "publishedAt", "title", "numComments", "submittedBy", "organization", "thumbnail",
             "isAuthorParticipating", "mediaUrls", "submitterOrganization"}
KEEP_PERSON = {"name", "user", "fullname", "avatarUrl"}


def slim(item):
    out = {k: v for k, v in item.items() if k in KEEP_ITEM}
    paper = {k: v for k, v in item["paper"].items() if k in KEEP_PAPER}
    paper["authors"] = [
        {k: v for k, v in a.items() if k in ("name", "hidden")}
        | ({"user": {"user": a["user"]["user"]}} if isinstance(a.get("user"), dict) and a["user"].get("user") else {})
        for a in paper["authors"]]
    if isinstance(out.get("submitterOrganization"), dict):
        out["submitterOrganization"] = {k: v for k, v in out["submitterOrganization"].items()
                                        if k in ("name", "fullname", "avatar")}
    for holder, key in ((paper, "submittedOnDailyBy"), (out, "submittedBy")):
        if isinstance(holder.get(key), dict):
            holder[key] = {k: v for k, v in holder[key].items() if k in KEEP_PERSON}
    out["paper"] = paper
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--days", type=int, default=90)
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    args = ap.parse_args()
    big = os.path.join(args.shared, "data", "hf-daily-papers.jsonl")
    seed = os.path.join(args.shared, "seed", "seed-papers.jsonl")
    for f in (big, seed):
        if not os.path.exists(f):
            sys.exit(f"missing {f}: this script needs the shared data folder (--shared PATH)")
    items = [json.loads(line) for line in open(big, encoding="utf-8")]
    days = sorted({i["_date"] for i in items})[-args.days:]
    keep = set(days)
    chosen = [slim(i) for i in items if i["_date"] in keep]
    chosen += [slim(json.loads(line)) for line in open(seed, encoding="utf-8")]
    target = os.path.join(os.path.dirname(__file__), "..", "src", "main", "resources", "demo", "demo-papers.jsonl.gz")
    with gzip.GzipFile(target, "wb", mtime=0) as gz:  # mtime 0: the same input builds the same bytes
        for i in chosen:
            gz.write((json.dumps(i, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8"))
    print(f"{len(chosen)} items ({days[0]} to {days[-1]} and the seed page) -> {os.path.normpath(target)}, "
          f"{os.path.getsize(target) // 1024} KiB")


if __name__ == "__main__":
    main()
