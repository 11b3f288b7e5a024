-- Each event's factuality judgement (greatgame.extract.factuality): happened, negated, future,
-- hypothetical, opinion or background. The flags negated/planned/hypothetical stay as they were;
-- rows stored before this column existed get the label their flags imply (opinion and background
-- were stored as hypothetical then, and stay so until the document is extracted again).
ALTER TABLE events ADD COLUMN factuality TEXT;
UPDATE events SET factuality = CASE
    WHEN negated THEN 'negated'
    WHEN planned THEN 'future'
    WHEN hypothetical THEN 'hypothetical'
    ELSE 'happened' END;
