"""The annex of an announcement decision as officials write it: tables of procedures in Word (and
Excel), read into the project's entries; shared rules such as "Như trên" resolution."""
