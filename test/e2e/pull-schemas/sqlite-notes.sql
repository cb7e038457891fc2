-- A notes app, quickly written: plain INTEGER PRIMARY KEY, a many-to-many link table.
create table users (
  email text primary key not null,
  display_name text
);

create table notebooks (
  id integer primary key,
  owner_email text references users(email) on update cascade on delete set null,
  title text not null,
  color text default '#ffcc00'
);

create table notes (
  id integer primary key,
  notebook_id integer not null references notebooks(id) on delete cascade,
  title text not null default 'Untitled',
  body text not null default '',
  pinned boolean not null default false,
  created_at timestamp not null default current_timestamp,
  updated_at timestamp
);
create index notes_notebook_idx on notes(notebook_id);
create index notes_pinned_idx on notes(notebook_id) where pinned;

create table tags (
  id integer primary key,
  name text not null unique collate nocase
);

create table note_tags (
  note_id integer not null references notes(id) on delete cascade,
  tag_id integer not null references tags(id) on delete cascade,
  primary key (note_id, tag_id)
);
