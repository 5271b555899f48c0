/*
 * Every limit the SCS commands put on what they read: criteria lists and
 * assessment sheets exported to CSV, and the parts of a draft people
 * type.  inkan-scs(1) lists them; a reader that meets more than a limit
 * refuses with exit 2 and names the limit.
 */
#ifndef SCS_LIMITS_H
#define SCS_LIMITS_H

/* A CSV file (criteria list or filled assessment sheet). */
#define SCS_MAX_CSV (8u * 1024 * 1024)
/* An XLSX workbook inkan writes, read back before it is put in place. */
#define SCS_MAX_XLSX (64u * 1024 * 1024)
/* Records in one CSV file, the header included. */
#define SCS_MAX_CSV_ROWS 20000
/* Fields in one CSV record. */
#define SCS_MAX_CSV_COLUMNS 64
/* Bytes of one CSV field. */
#define SCS_MAX_CSV_FIELD (64u * 1024)
/* Bytes of one text a person writes in a draft (comments, the
 * declaration, the expert's evaluation, a plan item). */
#define SCS_MAX_TEXT (64u * 1024)
/* Meetings, attendees per meeting and items of an improvement plan. */
#define SCS_MAX_MEETINGS 100
#define SCS_MAX_ATTENDEES 100
#define SCS_MAX_PLAN_ITEMS 1000
/* Requirements in one catalogue, and criteria under one requirement. */
#define SCS_MAX_REQUIREMENTS 1000
#define SCS_MAX_CRITERIA 1000
/* Bytes of an id (requirement or criterion number, catalogue id or
 * version). */
#define SCS_MAX_ID 64

#endif
