import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { OptionsView, type OptionsActions, type OptionsState } from '@/components/options/OptionsView';
import type { PendingImport } from '@/components/options/ProfileImportConfirm';
import { fixedClock } from '../../clock';

function setup(overrides: Partial<OptionsState> = {}, pendingImport?: PendingImport) {
  const actions: OptionsActions = {
    importProfile: vi.fn(),
    confirmImport: vi.fn(),
    cancelImport: vi.fn(),
    exportProfile: vi.fn(),
    saveAddresses: vi.fn(),
    allowAccess: vi.fn(),
    saveManualMe: vi.fn(),
    clearManualMe: vi.fn(),
    saveApiKey: vi.fn(),
    removeApiKey: vi.fn(),
    forgetEverything: vi.fn(),
    dismissForgotten: vi.fn(),
    dismissKeptAside: vi.fn(),
    signIn: vi.fn(),
    signOut: vi.fn(),
    link: vi.fn(),
    unlink: vi.fn(),
    forget: vi.fn(),
    pairOnSong: vi.fn(),
    unpairOnSong: vi.fn(),
    checkOnSong: vi.fn(),
    saveOnSongApiKey: vi.fn(),
    saveCiviCrm: vi.fn(),
    removeCiviCrmKeys: vi.fn(),
    chooseReminderLead: vi.fn(),
    switchFeature: vi.fn(),
    resumeSite: vi.fn(),
  };
  const state: OptionsState = {
    profile: { choir: 'Harbourside' },
    missingOrigins: [],
    profileProblems: [],
    meFromPage: { volunteerId: 100001, name: 'Alex Morgan', source: 'page' },
    meManual: null,
    apiKeySet: false,
    harmonySite: { origin: undefined, problem: undefined, memberCount: undefined, fetchedAt: undefined, signedInForDescant: false, signingIn: false },
    civiCrm: { origin: undefined, problem: undefined, contactCount: undefined, flavour: undefined, unreadable: [], fetchedAt: undefined, choice: 'auto', apiKeySet: false, siteKeySet: false },
    people: { links: [], keptApart: [], unmatchedVolunteers: [], unmatchedMembers: [] },
    onSong: { suggestedAddress: '', apiKeySet: false },
    forgotten: [],
    keptAside: [],
    features: { on: { threeRingsBadges: true, rotaMarkers: true, harmonySiteBadges: true, nowPlaying: true, reminders: false, toolbarCount: true }, reminderLead: '2h', pausedSites: [] },
    status: '',
    ...overrides,
  };
  render(<OptionsView state={state} actions={actions} addresses={{ harmonySite: '', onSong: '', civiCrm: '' }} pendingImport={pendingImport} />);
  return actions;
}

describe('OptionsView', () => {
  it('links to the choir data health page', () => {
    setup();
    expect(screen.getByRole('link', { name: 'Choir data health' }).getAttribute('href')).toBe('/health.html');
  });

  it('shows who Three Rings says I am, and saves a number typed by hand', () => {
    const actions = setup();
    expect(screen.getByText('Three Rings says you are Alex Morgan (volunteer 100001).')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Your volunteer number'), { target: { value: '4242' } });
    fireEvent.click(screen.getByRole('button', { name: 'Use this number' }));
    expect(actions.saveManualMe).toHaveBeenCalledWith('4242');
  });

  it('says in one sentence each which keys were forgotten for an old address, until dismissed', () => {
    const actions = setup({
      forgotten: [
        { secret: 'civiCrmKeys', origin: 'https://crm.old.example', at: 1 },
        { secret: 'harmonySiteToken', origin: 'https://old.harmonysite.example', at: 1 },
      ],
    });
    expect(screen.getByText(/forgot the CiviCRM keys given for https:\/\/crm\.old\.example because the CiviCRM address changed/)).toBeTruthy();
    expect(screen.getByText(/forgot its HarmonySite sign-in for https:\/\/old\.harmonysite\.example/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Understood' }));
    expect(actions.dismissForgotten).toHaveBeenCalledOnce();
  });

  it('says in plain words what it could not read after an update, once per kind of thing, until dismissed', () => {
    const report = (key: string) => ({ key, copyKey: `kept ${key}`, storedVersion: 1, reason: 'not of its shape', at: 1 });
    const actions = setup({ keptAside: [report('local:people.links'), report('local:civiCrm.data'), report('local:harmonySite.data'), report('secret:onSong.device')] });
    const notice = screen.getByRole('alert');
    expect([...notice.querySelectorAll('p')].map((sentence) => sentence.textContent)).toEqual([
      'After the update, Descant could not read your Who is who decisions: it kept the old copy aside, deleted nothing, and started afresh.',
      "After the update, Descant could not read the data it had read from your choir's sites (it reads it again by itself): it kept the old copy aside, deleted nothing, and started afresh.",
      'After the update, Descant could not read a sign-in, key or iPad pairing: it kept the old copy aside, deleted nothing, and started afresh.',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Understood' }));
    expect(actions.dismissKeptAside).toHaveBeenCalledOnce();
  });

  describe('the feature switches', () => {
    it('has one switch per feature in the registry, each saying what it does, and switches from a click', () => {
      const actions = setup();
      const switches = screen.getAllByRole('switch');
      expect(switches.map((item) => [item.getAttribute('name'), (item as HTMLInputElement).checked])).toEqual([
        ['feature-threeRingsBadges', true],
        ['feature-rotaMarkers', true],
        ['feature-harmonySiteBadges', true],
        ['feature-nowPlaying', true],
        ['feature-reminders', false],
        ['feature-toolbarCount', true],
      ]);
      expect(screen.getByRole('switch', { name: 'Rota markers' }).getAttribute('aria-describedby')).toBe('feature-rotaMarkers-hint');
      fireEvent.click(screen.getByRole('switch', { name: 'Rota markers' }));
      expect(actions.switchFeature).toHaveBeenCalledWith('rotaMarkers', false);
      fireEvent.click(screen.getByRole('switch', { name: 'Shift reminders' }));
      expect(actions.switchFeature).toHaveBeenCalledWith('reminders', true);
    });

    it('asks how long before only once reminders are on, 2 hours unless chosen', () => {
      setup();
      expect(screen.queryByLabelText('Remind me')).toBeNull();
      cleanup();
      const actions = setup({ features: { on: { threeRingsBadges: true, rotaMarkers: true, harmonySiteBadges: true, nowPlaying: true, reminders: true, toolbarCount: true }, reminderLead: '2h', pausedSites: [] } });
      const lead = screen.getByLabelText<HTMLSelectElement>('Remind me');
      expect(lead.value).toBe('2h');
      expect([...lead.options].map((option) => option.textContent)).toEqual(['30 minutes before', '1 hour before', '2 hours before', '1 day before', 'The evening before, at 19:00']);
      fireEvent.change(lead, { target: { value: 'eveningBefore' } });
      expect(actions.chooseReminderLead).toHaveBeenCalledWith('eveningBefore');
    });

    it('lists the paused sites, each with a way to resume', () => {
      const actions = setup({ features: { on: { threeRingsBadges: true, rotaMarkers: true, harmonySiteBadges: true, nowPlaying: true, reminders: false, toolbarCount: true }, reminderLead: '2h', pausedSites: ['https://www.3r.org.uk'] } });
      fireEvent.click(screen.getByRole('button', { name: 'Resume on www.3r.org.uk' }));
      expect(actions.resumeSite).toHaveBeenCalledWith('https://www.3r.org.uk');
    });
  });

  it('lists every problem of a refused profile file', () => {
    setup({ profileProblems: ['Unknown key "harmonysite" in the profile.'] });
    expect(screen.getByRole('alert').textContent).toContain('Unknown key "harmonysite" in the profile.');
  });

  describe('confirming an imported profile', () => {
    const pending: PendingImport = {
      choir: 'Harbourside',
      addresses: [
        { service: 'harmonySite', origin: 'https://harbour.example.org' },
        { service: 'civiCrm', origin: 'https://crm.harbour.example.org' },
        { service: 'onSong', origin: 'http://192.168.1.20:5076', paired: true },
      ],
    };

    it('lists each address with what Descant does there, and takes focus', () => {
      setup({}, pending);
      const step = screen.getByRole('group', { name: 'Use this profile?' });
      expect(document.activeElement).toBe(step);
      const items = [...step.querySelectorAll('li')].map((item) => item.textContent);
      expect(items).toEqual([
        expect.stringMatching(/^https:\/\/harbour\.example\.org: your choir's HarmonySite\. .*members and events/),
        expect.stringMatching(/^https:\/\/crm\.harbour\.example\.org: your choir's CiviCRM\. .*memberships/),
        expect.stringMatching(/^http:\/\/192\.168\.1\.20:5076: the choir's iPad running OnSong.* also pairs Descant with this iPad\.$/),
      ]);
      expect(step.textContent).toContain('Harbourside');
    });

    it('confirms or cancels from its buttons, and cancels with Escape', () => {
      const actions = setup({}, pending);
      fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
      expect(actions.confirmImport).toHaveBeenCalledOnce();
      fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
      fireEvent.keyDown(screen.getByRole('group', { name: 'Use this profile?' }), { key: 'Escape' });
      expect(actions.cancelImport).toHaveBeenCalledTimes(2);
    });

    it('says so when the profile names no address', () => {
      setup({}, { addresses: [] });
      expect(screen.getByText('It names no addresses, so Descant gets access to nothing new.')).toBeTruthy();
    });

    it('is not shown without a chosen file', () => {
      setup();
      expect(screen.queryByRole('group', { name: 'Use this profile?' })).toBeNull();
    });
  });

  it('asks for the missing addresses from a click', () => {
    const actions = setup({ missingOrigins: ['https://harbour.example.org/*'] });
    expect(screen.getByText(/can't reach these addresses yet: https:\/\/harbour\.example\.org/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Allow access' }));
    expect(actions.allowAccess).toHaveBeenCalledOnce();
  });

  it('sends the typed addresses on save', () => {
    const actions = setup();
    fireEvent.input(screen.getByLabelText('HarmonySite address'), { target: { value: 'https://harbour.example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save and allow access' }));
    expect(actions.saveAddresses).toHaveBeenCalledWith({ harmonySite: 'https://harbour.example.org', onSong: '', civiCrm: '' });
  });

  it('saves an API key without ever showing a stored one', () => {
    const actions = setup({ apiKeySet: true });
    expect(screen.getByText('An API key is set.')).toBeTruthy();
    expect((screen.getByLabelText('API key') as HTMLInputElement).value).toBe('');
    fireEvent.input(screen.getByLabelText('API key'), { target: { value: 'KEY' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save key' }));
    expect(actions.saveApiKey).toHaveBeenCalledWith('KEY');
    fireEvent.click(screen.getByRole('button', { name: 'Remove key' }));
    expect(actions.removeApiKey).toHaveBeenCalledOnce();
  });

  it('forgets everything only after a confirmation', () => {
    const actions = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Forget everything' }));
    expect(actions.forgetEverything).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByRole('button', { name: 'Forget everything' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, forget' }));
    expect(actions.forgetEverything).toHaveBeenCalledOnce();
  });

  it('pairs with the iPad at the typed address, and says to tap Allow while it waits', () => {
    const actions = setup();
    fireEvent.input(screen.getByLabelText(/for example 192/), { target: { value: '192.168.1.20' } });
    fireEvent.click(screen.getByRole('button', { name: 'Pair with the iPad' }));
    expect(actions.pairOnSong).toHaveBeenCalledWith('192.168.1.20');
  });

  it('shows a pairing waiting for Allow, and a paired iPad with a way to unpair', () => {
    const actions = setup({ onSong: { suggestedAddress: '192.168.1.20', apiKeySet: false, pairing: 'waiting-for-allow', device: { origin: 'http://192.168.1.20', fromProfile: false } } });
    expect(screen.getByText(/tap Allow/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Pair with the iPad' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByText('Paired with the iPad at http://192.168.1.20.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Unpair' }));
    expect(actions.unpairOnSong).toHaveBeenCalledOnce();
    fireEvent.click(screen.getByRole('button', { name: 'Check the connection' }));
    expect(actions.checkOnSong).toHaveBeenCalledOnce();
  });

  describe('CiviCRM', () => {
    // OptionsView reads the time itself (Date.now), so Date alone is pinned, to a minute after the read.
    const clock = fixedClock('2026-11-22T12:00:00Z');
    beforeEach(() => void vi.useFakeTimers({ toFake: ['Date'], now: clock() }));
    afterEach(() => void vi.useRealTimers());
    const civiCrm = { origin: 'https://crm.harbour.example.org', problem: undefined, contactCount: 212, flavour: 'api3' as const, unreadable: [], fetchedAt: clock().getTime() - 60_000, choice: 'auto' as const, apiKeySet: false, siteKeySet: false };

    it('says how many people it read, through which API, and how long ago', () => {
      setup({ civiCrm });
      // "1 minute ago" in whatever locale the machine has: the view does not take one.
      const minuteAgo = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }).format(-1, 'minute');
      expect(screen.getByText(`People Descant can read from your CiviCRM: 212, through APIv3 (updated ${minuteAgo}).`)).toBeTruthy();
    });

    it('says which parts the sign-in may not read', () => {
      setup({ civiCrm: { ...civiCrm, unreadable: ['memberships'] } });
      expect(screen.getByText("Your CiviCRM sign-in can't see memberships, so badges show none.")).toBeTruthy();
      expect(screen.queryByText(/can't see groups/)).toBeNull();
    });

    it('saves the chosen API and keys', () => {
      const actions = setup({ civiCrm });
      fireEvent.change(screen.getByLabelText('Which API to use'), { target: { value: 'api4' } });
      fireEvent.input(screen.getByLabelText('CiviCRM API key'), { target: { value: ' key-123 ' } });
      fireEvent.click(screen.getByRole('button', { name: 'Save CiviCRM settings' }));
      expect(actions.saveCiviCrm).toHaveBeenCalledWith({ flavour: 'api4', apiKey: 'key-123', siteKey: '' });
    });

    it('will not save extern/rest.php without both keys', () => {
      const actions = setup({ civiCrm });
      fireEvent.change(screen.getByLabelText('Which API to use'), { target: { value: 'legacy' } });
      fireEvent.input(screen.getByLabelText('CiviCRM API key'), { target: { value: 'key-123' } });
      expect(screen.getByText('extern/rest.php needs both the API key and the site key.')).toBeTruthy();
      expect(screen.getByRole('button', { name: 'Save CiviCRM settings' }).hasAttribute('disabled')).toBe(true);
      fireEvent.input(screen.getByLabelText('CiviCRM site key'), { target: { value: 'site-456' } });
      fireEvent.click(screen.getByRole('button', { name: 'Save CiviCRM settings' }));
      expect(actions.saveCiviCrm).toHaveBeenCalledWith({ flavour: 'legacy', apiKey: 'key-123', siteKey: 'site-456' });
    });

    it('explains a refused key with the way to Settings', () => {
      setup({ civiCrm: { ...civiCrm, problem: { kind: 'token-expired', service: 'civiCrm' }, apiKeySet: true } });
      expect(screen.getByText(/didn't accept the API key or site key/)).toBeTruthy();
      expect(screen.getByRole('button', { name: 'Remove the keys' })).toBeTruthy();
    });
  });
});
