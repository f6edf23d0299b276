import type { ChoirEvent, Me, Shift } from '@/lib/model';
import type { Problem } from '@/lib/problems';
import type { Cached, ShiftWindow, SourceStatus } from '@/lib/store';
import { t } from '@/lib/i18n';
import { formatAgo, formatDateKey, type FormatOptions } from '@/lib/format';
import { formatEventTime } from '@/lib/views/coming-up';
import { buildQuickView, type RotaDay } from '@/lib/views/quick-view';
import { THREE_RINGS_ORIGIN } from '@/lib/three-rings/origin';
import { ProblemBanner } from '../shared/ProblemBanner';
import { ShiftItem } from './ShiftItem';
import { AddToCalendar } from './AddToCalendar';
import { eventEntry, shiftEntry } from '@/lib/calendar/entries';
import { NowPlaying, type OnSongView, type SongCardChoices } from './NowPlaying';
import { FirstRun } from './FirstRun';
import { isSetUp, type SetUp } from '@/lib/views/first-run';

export interface PopupData {
  shifts: Cached<ShiftWindow> | null;
  events: Cached<ChoirEvent[]> | null;
  status: SourceStatus;
  me: Me | null;
  choirName?: string;
  /** The choir's HarmonySite, when one is set up: its events join the list, its problem is shown. */
  harmonySite?: { url: string; events: ChoirEvent[]; problem?: Problem };
  /** The choir's CiviCRM, when one is set up and its last refresh failed. */
  civiCrm?: { url: string; problem: Problem };
  /** How far setting up has come, for the first-run steps (absent in a snapshot from before them). */
  setUp?: SetUp;
  /** The member switched "Now playing" off in Settings: the iPad is neither shown nor asked. */
  nowPlayingOff?: true;
}

interface Props {
  data: PopupData;
  refreshing: boolean;
  now: number;
  onRefresh: () => void;
  onOpenOptions: () => void;
  /** Opens the choir data health page, for administrators. */
  onOpenHealth?: () => void;
  format?: FormatOptions;
  /** The song on the choir's iPad, followed live while the popup is open. */
  onSong?: { view: OnSongView; choices: SongCardChoices; onChoose: (choices: SongCardChoices) => void };
  /** The tab's site, when Descant draws on it, with its pause switch. */
  site?: { origin: string; paused: boolean; onTogglePause: () => void };
}

/** The quick view: cached data at once, with when it was fetched and why a refresh failed. */
export function PopupView({ data, refreshing, now, onRefresh, onOpenOptions, onOpenHealth, format, onSong, site }: Props) {
  const { shifts, events, status, me } = data;
  const allEvents = [...(events?.data ?? []), ...(data.harmonySite?.events ?? [])];
  const view = buildQuickView(shifts?.data.shifts ?? [], allEvents, me, now, format?.timeZone);
  const fetchedAt = shifts?.fetchedAt;
  const problem = status.problem;

  return (
    <main class="popup" aria-busy={refreshing}>
      <header class="popup-header">
        <h1>{data.choirName || t('extName')}</h1>
        <p class="updated" aria-live="polite">
          {refreshing ? t('popupRefreshing') : fetchedAt ? t('popupUpdatedAt', [formatAgo(fetchedAt, now, format)]) : t('popupNeverUpdated')}
        </p>
        <button type="button" class="icon-button" onClick={onRefresh} disabled={refreshing} title={t('popupRefresh')}>
          <span aria-hidden="true">⟳</span>
          <span class="visually-hidden">{t('popupRefresh')}</span>
        </button>
      </header>

      {data.setUp && !isSetUp(data.setUp) && <FirstRun setUp={data.setUp} onOpenOptions={onOpenOptions} />}
      {problem && <ProblemBanner problem={problem} format={format} />}
      {data.harmonySite?.problem && (
        <ProblemBanner problem={data.harmonySite.problem} format={format} siteUrl={data.harmonySite.url} onOpenSettings={onOpenOptions} />
      )}
      {data.civiCrm && <ProblemBanner problem={data.civiCrm.problem} format={format} siteUrl={data.civiCrm.url} onOpenSettings={onOpenOptions} />}
      {problem && fetchedAt && (
        <p class="stale" data-stale="true">
          {t('popupStale', [formatAgo(fetchedAt, now, format)])}
        </p>
      )}

      {/* Mine first, then the song on the iPad, then where help is wanted and what is coming; the week's rota last. */}
      {!shifts && !problem ? (
        <p class="loading" role="status">
          {t('popupLoading')}
        </p>
      ) : (
        shifts && <MyShifts view={view.myShifts} me={me} format={format} now={now} />
      )}
      {onSong && !onSong.view.notConfigured && <NowPlaying {...onSong} onOpenSettings={onOpenOptions} format={format} />}
      {shifts && view.couldHelp.length > 0 && <CouldHelp shifts={view.couldHelp} me={me} format={format} now={now} />}
      {(events || data.harmonySite) && <EventList events={view.events} format={format} now={now} />}
      {shifts && <RotaWeek days={view.rotaDays} me={me} format={format} now={now} />}
      {onSong?.view.notConfigured && <NowPlaying {...onSong} onOpenSettings={onOpenOptions} format={format} />}
      {site?.paused && <p class="paused-site">{t('popupPausedSite', [new URL(site.origin).host])}</p>}

      <footer class="popup-footer">
        {site && (
          <button type="button" class="link-button pause-site" onClick={site.onTogglePause}>
            {t(site.paused ? 'popupResumeSite' : 'popupPauseSite')}
          </button>
        )}
        {onOpenHealth && (
          <button type="button" class="link-button open-health" onClick={onOpenHealth}>
            {t('popupHealth')}
          </button>
        )}
        <button type="button" class="link-button" onClick={onOpenOptions}>
          {t('popupOptions')}
        </button>
      </footer>
    </main>
  );
}

interface ListProps {
  me: Me | null;
  format?: FormatOptions;
  now: number;
}

function MyShifts({ view, me, format, now }: ListProps & { view: ReturnType<typeof buildQuickView>['myShifts'] }) {
  return (
    <section aria-labelledby="my-shifts-heading" class="my-shifts">
      <h2 id="my-shifts-heading">{t('sectionMyShifts')}</h2>
      {me && view.length > 1 && (
        <AddToCalendar
          entries={view.map((shift) => shiftEntry(shift, me, format?.timeZone))}
          now={now}
          fileName="my-shifts.ics"
          what={t('calendarAllMineWhat')}
          label={t('calendarAllMine')}
        >
          {/* Three Rings' own feed address is not documented: the member is sent to their own page for it. */}
          <span class="hint calendar-feed">
            {t('calendarFeedHint')}{' '}
            <a href={`${THREE_RINGS_ORIGIN}/directory/${me.volunteerId}`} target="_blank" rel="noreferrer">
              {t('calendarFeedLink')}
            </a>
          </span>
        </AddToCalendar>
      )}
      {!me ? (
        <p class="empty">
          {t('whoAmIUnknown')}{' '}
          <a href={`${THREE_RINGS_ORIGIN}/`} target="_blank" rel="noreferrer">
            {t('openThreeRings')}
          </a>
        </p>
      ) : view.length ? (
        <ul class="shift-list">
          {view.map((shift) => (
            <ShiftItem key={shift.id} shift={shift} me={me} format={format} showDay now={now} />
          ))}
        </ul>
      ) : (
        <p class="empty">{t('emptyMyShifts')}</p>
      )}
    </section>
  );
}

function CouldHelp({ shifts, me, format, now }: ListProps & { shifts: Shift[] }) {
  return (
    <section aria-labelledby="could-help-heading" class="could-help">
      <h2 id="could-help-heading">{t('sectionCouldHelp')}</h2>
      <p class="hint">{t('couldHelpIntro')}</p>
      <ul class="shift-list">
        {shifts.map((shift) => (
          <ShiftItem key={shift.id} shift={shift} me={me} format={format} showDay now={now} linkToThreeRings />
        ))}
      </ul>
    </section>
  );
}

function RotaWeek({ days, me, format, now }: ListProps & { days: RotaDay[] }) {
  return (
    <section aria-labelledby="rota-heading" class="rota">
      <h2 id="rota-heading">{t('sectionRota')}</h2>
      {days.length ? (
        days.map((day) => (
          <div class="rota-day" key={day.date}>
            <h3>{formatDateKey(day.date, format)}</h3>
            <ul class="shift-list">
              {day.shifts.map((shift) => (
                <ShiftItem key={shift.id} shift={shift} me={me} format={format} now={now} />
              ))}
            </ul>
          </div>
        ))
      ) : (
        <p class="empty">{t('emptyRota')}</p>
      )}
    </section>
  );
}

function EventList({ events, format, now }: { events: ChoirEvent[]; format?: FormatOptions; now: number }) {
  return (
    <section aria-labelledby="events-heading" class="events">
      <h2 id="events-heading">{t('sectionEvents')}</h2>
      {events.length ? (
        <ul class="event-list">
          {events.map((event) => (
            <li key={`${event.date}-${event.id ?? event.name}`} class="event">
              <time dateTime={event.date}>{formatDateKey(event.date, format)}</time>
              {event.time && <span class="event-time">{formatEventTime(event.time, format)}</span>}
              <span class="event-name">{event.name}</span>
              {event.type && <span class="tag">{event.type}</span>}
              <AddToCalendar entries={[eventEntry(event)]} now={now} fileName="event.ics" what={`${event.name}, ${formatDateKey(event.date, format)}`} />
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty">{t('emptyEvents')}</p>
      )}
    </section>
  );
}
