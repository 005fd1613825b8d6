-- Fields of Hugging Face's daily feed kept since issue 16 (they were dropped at import before):
-- the submitter's media (figures, videos: JSON array of addresses), the model that wrote ai_summary, the
-- organization the submitter listed the paper for (kept beside the paper like the submitter, not in
-- organizations: it names who submitted, not who wrote), and who set the code link ('user', 'admin', 'auto').
ALTER TABLE papers ADD COLUMN media_urls TEXT;
ALTER TABLE papers ADD COLUMN ai_summary_model TEXT;
ALTER TABLE papers ADD COLUMN submitter_org_name TEXT;
ALTER TABLE papers ADD COLUMN submitter_org_fullname TEXT;
ALTER TABLE papers ADD COLUMN submitter_org_avatar TEXT;
ALTER TABLE papers ADD COLUMN github_repo_added_by TEXT;
